// The physical floor in time: the rows a GradSync edit or applied change writes, written by SQLite's C API alone.
//
// Times, in one run and on one SQLite, (a) the benchmarks' baseline (one upsert into one WITHOUT ROWID table)
// against (b) the least the store's guarantees need (the log row with its stream-identity index, the field row)
// and (c) every B-tree entry the store writes today, still without any of its checks (also the log's scope index,
// and for an edit the stream's seq and the replica's last stamp). Prepared statements, WAL, synchronous = NORMAL,
// as the store. Medians of several rounds; the ratios are what to read (docs/performance.md, "The physical floor").
// Build and run: cc -O2 -o /tmp/write-floor scripts/write-floor.c -lsqlite3 && /tmp/write-floor [ROUNDS]
//
// With --bootstrap [GRADUATES]: the floor of a snapshot bootstrap instead. (a) The bootstrap's baseline, plain rows
// of one WITHOUT ROWID field table inserted in one transaction, against (b) what a loaded replica must hold: every
// change's log row (its hash, author, bases) with the stream-identity index, every field's row, and the log's scope
// index built after the load, in one transaction. No decoding, no hash check, no field's heads worked out: only the
// B-tree writes. 16 fields a graduate, as the sync benchmark's graduates have about.
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { EDITS = 2000, PAGE = 5000, PAGES = 6, GRADUATES = 2000, FIELDS = 16, MAX_ROUNDS = 15 };
enum Kind { PLAIN, FLOOR, STORE };
static const char *names[] = {"plain upsert", "floor: log row + identity index + field row", "store's B-tree writes, no checks"};

static const char *plain_schema =
    "CREATE TABLE field (scope TEXT NOT NULL, collection TEXT NOT NULL, key TEXT NOT NULL, field TEXT NOT NULL,"
    " value TEXT NOT NULL, hlc INTEGER NOT NULL, PRIMARY KEY (scope, collection, key, field)) WITHOUT ROWID;";
static const char *store_schema =
    "CREATE TABLE gs_change (rowid INTEGER PRIMARY KEY, origin INTEGER NOT NULL, scope TEXT NOT NULL,"
    " seq INTEGER NOT NULL, hlc INTEGER NOT NULL, collection TEXT NOT NULL, key TEXT NOT NULL, field TEXT NOT NULL,"
    " value TEXT NOT NULL, bases TEXT NOT NULL, seen TEXT NOT NULL, author TEXT NOT NULL, hash TEXT NOT NULL,"
    " received_at_ms INTEGER NOT NULL, UNIQUE (origin, scope, seq));"
    "CREATE TABLE gs_field (scope TEXT NOT NULL, collection TEXT NOT NULL, key TEXT NOT NULL, field TEXT NOT NULL,"
    " value TEXT NOT NULL, change INTEGER NOT NULL, head_count INTEGER NOT NULL, conflicted INTEGER NOT NULL,"
    " heads TEXT NOT NULL DEFAULT '', PRIMARY KEY (scope, collection, key, field)) WITHOUT ROWID;";
static const char *store_extra =
    "CREATE INDEX gs_change_by_scope ON gs_change(scope);"
    "CREATE TABLE gs_vector (origin INTEGER NOT NULL, scope TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (origin, scope)) WITHOUT ROWID;"
    "CREATE TABLE gs_replica (singleton INTEGER PRIMARY KEY, last_hlc INTEGER NOT NULL); INSERT INTO gs_replica VALUES (1, 0);";

typedef struct {
    sqlite3 *db;
    enum Kind kind;
    sqlite3_stmt *plain, *log, *field, *vector, *stamp, *begin, *commit;
    long long seq, hlc;
} Target;

static void check(int rc, sqlite3 *db) {
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) { fprintf(stderr, "sqlite: %s\n", sqlite3_errmsg(db)); exit(1); }
}

static sqlite3_stmt *prepare(sqlite3 *db, const char *sql) {
    sqlite3_stmt *s;
    check(sqlite3_prepare_v2(db, sql, -1, &s, NULL), db);
    return s;
}

static void step(Target *t, sqlite3_stmt *s) {
    check(sqlite3_step(s), t->db);
    sqlite3_reset(s);
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void open_target(Target *t, enum Kind kind, const char *path) {
    memset(t, 0, sizeof *t);
    t->kind = kind;
    t->hlc = 1LL << 40;
    check(sqlite3_open(path, &t->db), t->db);
    check(sqlite3_exec(t->db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;", NULL, NULL, NULL), t->db);
    check(sqlite3_exec(t->db, kind == PLAIN ? plain_schema : store_schema, NULL, NULL, NULL), t->db);
    if (kind == STORE) check(sqlite3_exec(t->db, store_extra, NULL, NULL, NULL), t->db);
    t->begin = prepare(t->db, "BEGIN");
    t->commit = prepare(t->db, "COMMIT");
    if (kind == PLAIN) {
        t->plain = prepare(t->db, "INSERT INTO field VALUES ('AUTO', 'graduates', ?, ?, ?, ?) ON CONFLICT DO UPDATE SET"
                                  " value = excluded.value, hlc = excluded.hlc WHERE excluded.hlc > hlc");
        return;
    }
    t->log = prepare(t->db, "INSERT INTO gs_change (origin, scope, seq, hlc, collection, key, field, value, bases, seen, author, hash,"
                            " received_at_ms) VALUES (1, 'AUTO', ?, ?, 'graduates', ?, ?, ?, ?, '', 'secretary', ?, 0)");
    t->field = prepare(t->db, "INSERT INTO gs_field VALUES ('AUTO', 'graduates', ?, ?, ?, ?, 1, 0, ?) ON CONFLICT DO UPDATE SET"
                              " value = excluded.value, change = excluded.change, head_count = 1, conflicted = 0, heads = excluded.heads");
    if (kind == STORE) {
        t->vector = prepare(t->db, "INSERT INTO gs_vector VALUES (1, 'AUTO', ?) ON CONFLICT DO UPDATE SET seq = excluded.seq");
        t->stamp = prepare(t->db, "UPDATE gs_replica SET last_hlc = ?");
    }
}

// One change of `field` of graduate `g`; `bookkeeping`: also the stream's seq and the last stamp (an edit does).
static void write_change(Target *t, int g, const char *field, const char *value, int bookkeeping) {
    char key[16];
    snprintf(key, sizeof key, "2024%06d", g);
    t->hlc++;
    if (t->kind == PLAIN) {
        sqlite3_bind_text(t->plain, 1, key, -1, SQLITE_STATIC);
        sqlite3_bind_text(t->plain, 2, field, -1, SQLITE_STATIC);
        sqlite3_bind_text(t->plain, 3, value, -1, SQLITE_STATIC);
        sqlite3_bind_int64(t->plain, 4, t->hlc);
        step(t, t->plain);
        return;
    }
    static const char *hash = "9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c";
    static const char *bases = "0123456789abcdef0123456789abcdef:AUTO:1";
    t->seq++;
    sqlite3_bind_int64(t->log, 1, t->seq);
    sqlite3_bind_int64(t->log, 2, t->hlc);
    sqlite3_bind_text(t->log, 3, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(t->log, 4, field, -1, SQLITE_STATIC);
    sqlite3_bind_text(t->log, 5, value, -1, SQLITE_STATIC);
    sqlite3_bind_text(t->log, 6, bases, -1, SQLITE_STATIC);
    sqlite3_bind_text(t->log, 7, hash, -1, SQLITE_STATIC);
    step(t, t->log);
    long long row = sqlite3_last_insert_rowid(t->db);
    char heads[24];
    snprintf(heads, sizeof heads, "%lld", row);
    sqlite3_bind_text(t->field, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(t->field, 2, field, -1, SQLITE_STATIC);
    sqlite3_bind_text(t->field, 3, value, -1, SQLITE_STATIC);
    sqlite3_bind_int64(t->field, 4, row);
    sqlite3_bind_text(t->field, 5, heads, -1, SQLITE_TRANSIENT);
    step(t, t->field);
    if (t->kind == STORE && bookkeeping) {
        sqlite3_bind_int64(t->vector, 1, t->seq);
        step(t, t->vector);
        sqlite3_bind_int64(t->stamp, 1, t->hlc);
        step(t, t->stamp);
    }
}

static void page(Target *t, int first, int graduates, int fields) {
    char field[8], value[40];
    step(t, t->begin);
    for (int g = first; g < first + graduates; g++)
        for (int f = 0; f < fields; f++) {
            snprintf(field, sizeof field, "f%d", f);
            snprintf(value, sizeof value, "\"2024%06d-%d\"", g, f);
            write_change(t, g, field, value, 0);
        }
    step(t, t->commit);
}

static int compare(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *values, int n) {
    double sorted[MAX_ROUNDS * PAGES];
    memcpy(sorted, values, n * sizeof *values);
    qsort(sorted, n, sizeof *sorted, compare);
    return n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

// One bootstrap of `graduates` graduates of 16 fields into a new file, as plain field rows or as a loaded store holds
// them; returns the seconds from BEGIN to COMMIT.
static double bootstrap(const char *path, int store, int graduates) {
    sqlite3 *db;
    check(sqlite3_open(path, &db), db);
    check(sqlite3_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;", NULL, NULL, NULL), db);
    check(sqlite3_exec(db, store ? store_schema : plain_schema, NULL, NULL, NULL), db);
    sqlite3_stmt *plain = NULL, *log = NULL, *field = NULL;
    if (store) {
        log = prepare(db, "INSERT INTO gs_change (origin, scope, seq, hlc, collection, key, field, value, bases, seen, author, hash,"
                          " received_at_ms) VALUES (1, 'AUTO', ?, ?, 'graduates', ?, ?, ?, '', '', 'import', ?, 0)");
        field = prepare(db, "INSERT INTO gs_field VALUES ('AUTO', 'graduates', ?, ?, ?, ?, 1, 0, ?)");
    } else {
        plain = prepare(db, "INSERT INTO field VALUES ('AUTO', 'graduates', ?, ?, ?, ?)");
    }
    static const char *hash = "9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c9f2c";
    char key[16], name[8], value[40], heads[24];
    long long seq = 0, hlc = 1LL << 40;
    double start = now();
    check(sqlite3_exec(db, "BEGIN", NULL, NULL, NULL), db);
    for (int g = 0; g < graduates; g++) {
        snprintf(key, sizeof key, "2024%06d", g);
        for (int f = 0; f < 16; f++) {
            snprintf(name, sizeof name, "f%02d", f);
            snprintf(value, sizeof value, "\"2024%06d-%d\"", g, f);
            seq++, hlc++;
            if (!store) {
                sqlite3_bind_text(plain, 1, key, -1, SQLITE_STATIC);
                sqlite3_bind_text(plain, 2, name, -1, SQLITE_STATIC);
                sqlite3_bind_text(plain, 3, value, -1, SQLITE_STATIC);
                sqlite3_bind_int64(plain, 4, hlc);
                check(sqlite3_step(plain), db);
                sqlite3_reset(plain);
                continue;
            }
            sqlite3_bind_int64(log, 1, seq);
            sqlite3_bind_int64(log, 2, hlc);
            sqlite3_bind_text(log, 3, key, -1, SQLITE_STATIC);
            sqlite3_bind_text(log, 4, name, -1, SQLITE_STATIC);
            sqlite3_bind_text(log, 5, value, -1, SQLITE_STATIC);
            sqlite3_bind_text(log, 6, hash, -1, SQLITE_STATIC);
            check(sqlite3_step(log), db);
            sqlite3_reset(log);
            long long row = sqlite3_last_insert_rowid(db);
            snprintf(heads, sizeof heads, "%lld", row);
            sqlite3_bind_text(field, 1, key, -1, SQLITE_STATIC);
            sqlite3_bind_text(field, 2, name, -1, SQLITE_STATIC);
            sqlite3_bind_text(field, 3, value, -1, SQLITE_STATIC);
            sqlite3_bind_int64(field, 4, row);
            sqlite3_bind_text(field, 5, heads, -1, SQLITE_TRANSIENT);
            check(sqlite3_step(field), db);
            sqlite3_reset(field);
        }
    }
    if (store) check(sqlite3_exec(db, "CREATE INDEX gs_change_by_scope ON gs_change(scope);"
                                      " CREATE INDEX gs_field_conflicted ON gs_field(conflicted) WHERE conflicted = 1;", NULL, NULL, NULL), db);
    check(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), db);
    double seconds = now() - start;
    sqlite3_finalize(plain), sqlite3_finalize(log), sqlite3_finalize(field);
    sqlite3_close_v2(db);
    char wal[80], shm[80];
    snprintf(wal, sizeof wal, "%s-wal", path);
    snprintf(shm, sizeof shm, "%s-shm", path);
    unlink(path), unlink(wal), unlink(shm);
    return seconds;
}

static int bootstrap_floor(int graduates) {
    enum { ROUNDS = 3 };
    char directory[] = "/tmp/bootstrap-floor.XXXXXX";
    if (!mkdtemp(directory)) return 1;
    double plain[ROUNDS], store[ROUNDS];
    for (int r = 0; r < ROUNDS; r++) {
        char path[64];
        snprintf(path, sizeof path, "%s/plain.sqlite", directory);
        plain[r] = bootstrap(path, 0, graduates);
        snprintf(path, sizeof path, "%s/store.sqlite", directory);
        store[r] = bootstrap(path, 1, graduates);
    }
    rmdir(directory);
    printf("SQLite %s, %d rounds, alternated; each: %d graduates, %d field rows in one transaction\n\n", sqlite3_libversion(), ROUNDS,
           graduates, graduates * 16);
    printf("| writes | seconds (median) | x plain (median; each round) |\n|---|--:|---|\n");
    printf("| plain field rows (the bootstrap's baseline) | %.2f | 1.00x |\n", median(plain, ROUNDS));
    printf("| floor: log rows + identity index + field rows + scope index | %.2f | %.2fx (", median(store, ROUNDS),
           median(store, ROUNDS) / median(plain, ROUNDS));
    for (int r = 0; r < ROUNDS; r++) printf("%s%.2f", r ? ", " : "", store[r] / plain[r]);
    printf(") |\n");
    return 0;
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "--bootstrap") == 0) {
        int graduates = argc > 2 ? atoi(argv[2]) : 50000;
        if (graduates < 1 || graduates > 10000000) { fprintf(stderr, "GRADUATES: 1 to 10000000\n"); return 2; }
        return bootstrap_floor(graduates);
    }
    int rounds = argc > 1 ? atoi(argv[1]) : 5;
    if (rounds < 1 || rounds > MAX_ROUNDS) { fprintf(stderr, "ROUNDS: 1 to %d\n", MAX_ROUNDS); return 2; }
    char directory[] = "/tmp/write-floor.XXXXXX";
    if (!mkdtemp(directory)) return 1;
    double edit[3][MAX_ROUNDS], apply[3][MAX_ROUNDS];
    for (int r = 0; r < rounds; r++)
        for (int k = PLAIN; k <= STORE; k++) {
            char path[64];
            snprintf(path, sizeof path, "%s/%d-%d.sqlite", directory, r, k);
            Target t;
            open_target(&t, k, path);
            page(&t, 0, GRADUATES, 5);
            double start = now();
            for (int i = 0; i < EDITS; i++) {
                char value[24];
                snprintf(value, sizeof value, "\"139%08d\"", i);
                step(&t, t.begin);
                write_change(&t, (i * 37) % GRADUATES, "phone", value, 1);
                step(&t, t.commit);
            }
            edit[k][r] = (now() - start) / EDITS;
            double pages[PAGES];
            for (int p = 0; p < PAGES; p++) {
                start = now();
                page(&t, GRADUATES + p * (PAGE / FIELDS), PAGE / FIELDS, FIELDS);
                pages[p] = now() - start;
            }
            apply[k][r] = median(pages, PAGES);
            sqlite3_close_v2(t.db);  // statements are left to the process's end: one run, then exit
            char wal[80], shm[80];
            snprintf(wal, sizeof wal, "%s-wal", path);
            snprintf(shm, sizeof shm, "%s-shm", path);
            unlink(path), unlink(wal), unlink(shm);
        }
    rmdir(directory);
    printf("SQLite %s, %d rounds; each round: %d one-field edits in %d transactions, %d pages of %d changes (%d-field graduates)\n\n",
           sqlite3_libversion(), rounds, EDITS, EDITS, PAGES, PAGE / FIELDS * FIELDS, FIELDS);
    printf("| writes | edit, 1 field | x plain (median; each round) | apply a page | x plain (median; each round) |\n|---|--:|---|--:|---|\n");
    for (int k = PLAIN; k <= STORE; k++) {
        printf("| %s | %.1f us | %.2fx (", names[k], median(edit[k], rounds) * 1e6, median(edit[k], rounds) / median(edit[PLAIN], rounds));
        for (int r = 0; r < rounds; r++) printf("%s%.2f", r ? ", " : "", edit[k][r] / edit[PLAIN][r]);
        printf(") | %.1f ms | %.2fx (", median(apply[k], rounds) * 1e3, median(apply[k], rounds) / median(apply[PLAIN], rounds));
        for (int r = 0; r < rounds; r++) printf("%s%.2f", r ? ", " : "", apply[k][r] / apply[PLAIN][r]);
        printf(") |\n");
    }
    return 0;
}
