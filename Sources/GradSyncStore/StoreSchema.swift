import Foundation
import GRDB
import GradSyncCore

/// The replica's tables, created by migrations. CRDT metadata lives in plain SQL tables named `gs_*`.
enum StoreSchema {
    /// `Change.tombstoneField` as an SQL string literal, for statements that are built once (`static let`).
    ///
    /// A literal, not a bound parameter: SQLite uses the partial index `gs_field_deleted` only for a term that
    /// matches its `WHERE`, and prepares a statement again whenever a bound parameter's value decides that.
    /// The one place the name is spelled out is that index's definition in migration "v1": a migration that has
    /// run is never run again, so its SQL stays byte-identical or new and existing databases would differ.
    /// `MergeRuleAgreementTests.theTombstoneLiteralIsTheOneThePartialIndexNames` checks that the two agree.
    static let tombstoneFieldLiteral = "'\(Change.tombstoneField)'"

    /// The canonical text of `Change.deletedValue`, as `gs_field.value` holds a shown deletion.
    static let deletedValueText = CanonicalBytes.text(Change.deletedValue)

    /// `deletedValueText` as an SQL string literal.
    static let deletedValueLiteral = "'\(deletedValueText)'"

    /// The field whose values the partial index `gs_field_cohort` (migration "v7") holds: the placement records'
    /// cohort (毕业年份), by which nearly every count is filtered.
    static let cohortField = "grad_year"

    /// An SQL string literal of a field name: a statement that names the indexed field as a literal lets SQLite use
    /// the partial index, where a bound parameter would not.
    static func fieldLiteral(_ field: String) -> String { "'" + field.replacingOccurrences(of: "'", with: "''") + "'" }

    /// The heads of every field of a record but its tombstone: what a delete has seen, and what a review checks.
    static let otherFieldHeadsSQL = """
        SELECT field, heads FROM gs_field WHERE scope = ? AND collection = ? AND key = ? AND field <> \(tombstoneFieldLiteral)
        """

    static func migrator() -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        // A migration's SQL is never edited once released (a database that ran it never runs it again), so the
        // partial index `gs_field_deleted` below keeps `Change.tombstoneField` spelled out as '_deleted';
        // every statement written since names it through `tombstoneFieldLiteral`.
        migrator.registerMigration("v1") { db in
            // One row: who this replica is and the highest stamp it has issued.
            try db.execute(sql: """
                CREATE TABLE gs_replica (
                    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
                    replica_id TEXT NOT NULL,
                    scope TEXT NOT NULL,
                    created_at_ms INTEGER NOT NULL,
                    last_hlc INTEGER NOT NULL DEFAULT 0,
                    max_drift_ms INTEGER NOT NULL
                );
                -- Replica ids are stored once and referenced by a small integer.
                CREATE TABLE gs_origin (
                    id INTEGER PRIMARY KEY,
                    replica_id TEXT NOT NULL UNIQUE
                );
                -- The change log, in storage order (rowid): every change's bases come before it.
                CREATE TABLE gs_change (
                    rowid INTEGER PRIMARY KEY,
                    origin INTEGER NOT NULL REFERENCES gs_origin(id),
                    scope TEXT NOT NULL,
                    seq INTEGER NOT NULL,
                    hlc INTEGER NOT NULL,
                    collection TEXT NOT NULL,
                    key TEXT NOT NULL,
                    field TEXT NOT NULL,
                    value TEXT NOT NULL,
                    bases TEXT NOT NULL,
                    seen TEXT NOT NULL,
                    author TEXT NOT NULL,
                    hash TEXT NOT NULL,
                    received_at_ms INTEGER NOT NULL,
                    UNIQUE (origin, scope, seq)
                );
                CREATE INDEX gs_change_by_field ON gs_change(scope, collection, key, field);
                CREATE INDEX gs_change_by_scope ON gs_change(scope);
                -- The heads of every field: changes no other change of the field names in its bases.
                CREATE TABLE gs_head (
                    scope TEXT NOT NULL,
                    collection TEXT NOT NULL,
                    key TEXT NOT NULL,
                    field TEXT NOT NULL,
                    change INTEGER NOT NULL REFERENCES gs_change(rowid),
                    PRIMARY KEY (scope, collection, key, field, change)
                ) WITHOUT ROWID;
                -- The materialised state: each field's shown value (the LWW head) and whether it is in conflict.
                CREATE TABLE gs_field (
                    scope TEXT NOT NULL,
                    collection TEXT NOT NULL,
                    key TEXT NOT NULL,
                    field TEXT NOT NULL,
                    value TEXT NOT NULL,
                    change INTEGER NOT NULL REFERENCES gs_change(rowid),
                    head_count INTEGER NOT NULL,
                    conflicted INTEGER NOT NULL,
                    PRIMARY KEY (scope, collection, key, field)
                ) WITHOUT ROWID;
                CREATE INDEX gs_field_conflicted ON gs_field(conflicted) WHERE conflicted = 1;
                CREATE INDEX gs_field_deleted ON gs_field(field, value) WHERE field = '_deleted';
                -- The version vector: highest gap-free seq held of each (origin, scope) stream.
                CREATE TABLE gs_vector (
                    origin INTEGER NOT NULL REFERENCES gs_origin(id),
                    scope TEXT NOT NULL,
                    seq INTEGER NOT NULL,
                    PRIMARY KEY (origin, scope)
                ) WITHOUT ROWID;
                -- Bases named by a stored change before the change they name arrived, with the field that named
                -- them: the named change is superseded only if it belongs to that same field (heads stay a
                -- function of the set of changes, whatever the arrival order).
                CREATE TABLE gs_pending_base (
                    origin TEXT NOT NULL,
                    scope TEXT NOT NULL,
                    seq INTEGER NOT NULL,
                    collection TEXT NOT NULL,
                    key TEXT NOT NULL,
                    field TEXT NOT NULL,
                    PRIMARY KEY (origin, scope, seq, collection, key, field)
                ) WITHOUT ROWID;
                -- Origins seen stamping further ahead of this replica's clock than the allowed drift.
                CREATE TABLE gs_clock_suspect (
                    origin INTEGER PRIMARY KEY REFERENCES gs_origin(id),
                    max_ahead_ms INTEGER NOT NULL,
                    last_seen_ms INTEGER NOT NULL
                );
                -- What this replica knows of each peer it syncs with (sync state kept apart from the data).
                CREATE TABLE gs_peer (
                    url TEXT PRIMARY KEY,
                    vector TEXT NOT NULL,
                    last_sync_ms INTEGER,
                    last_attempt_ms INTEGER,
                    last_error TEXT,
                    clock_offset_ms INTEGER
                );
                """)
        }
        migrator.registerMigration("v2-tokens-and-health") { db in
            try db.execute(sql: """
                -- Bearer tokens this node issued: only a hash of each secret is kept.
                CREATE TABLE gs_token (
                    id TEXT PRIMARY KEY,
                    secret_sha256 TEXT NOT NULL,
                    scope TEXT NOT NULL,
                    label TEXT,
                    created_at_ms INTEGER NOT NULL,
                    revoked_at_ms INTEGER,
                    last_used_ms INTEGER
                );
                -- What this node saw of every replica that syncs with it: the sync health the office watches.
                CREATE TABLE gs_client (
                    replica_id TEXT PRIMARY KEY,
                    scope TEXT NOT NULL,
                    token_id TEXT,
                    last_seen_ms INTEGER NOT NULL,
                    last_sync_ms INTEGER,
                    lacking INTEGER NOT NULL DEFAULT 0,
                    clock_offset_ms INTEGER NOT NULL DEFAULT 0,
                    last_error_code TEXT,
                    last_error_ms INTEGER
                );
                """)
        }
        migrator.registerMigration("v3-heads-in-field-rows") { db in
            // A field's heads move into its `gs_field` row (rowids, ascending, comma-separated): nearly every field
            // has one head, and a separate row per head cost every write a delete and an insert in another B-tree.
            // The log's index by record goes too (a record's history is found from its heads through the bases);
            // it was the widest of the entries every change adds.
            try db.execute(sql: """
                DROP INDEX IF EXISTS gs_change_by_field;
                ALTER TABLE gs_field ADD COLUMN heads TEXT NOT NULL DEFAULT '';
                UPDATE gs_field SET heads = coalesce((
                    SELECT group_concat(change, ',') FROM (
                        SELECT h.change FROM gs_head h
                        WHERE h.scope = gs_field.scope AND h.collection = gs_field.collection
                          AND h.key = gs_field.key AND h.field = gs_field.field
                        ORDER BY h.change)), '');
                DELETE FROM gs_field WHERE heads = '';
                DROP TABLE gs_head;
                """)
        }
        migrator.registerMigration("v4-replica-bindings") { db in
            // Each client replica id is bound to the token it first synced with, so that one token cannot speak for
            // another token's replica. Ids seen before bindings existed are bound to the token they were last seen with.
            try db.execute(sql: """
                CREATE TABLE gs_replica_binding (
                    replica_id TEXT PRIMARY KEY,
                    token_id TEXT NOT NULL,
                    bound_at_ms INTEGER NOT NULL
                );
                INSERT INTO gs_replica_binding (replica_id, token_id, bound_at_ms)
                    SELECT replica_id, token_id, last_seen_ms FROM gs_client WHERE token_id IS NOT NULL;
                """)
        }
        migrator.registerMigration("v5-dashboard-sessions") { db in
            // The central dashboard's signed-in sessions, so a restart does not sign the office out. Only a hash of
            // each session id is kept: a copy of the replica file opens no session.
            try db.execute(sql: """
                CREATE TABLE gs_session (
                    id_sha256 TEXT PRIMARY KEY,
                    token_id TEXT NOT NULL,
                    last_used_ms INTEGER NOT NULL
                );
                CREATE INDEX gs_session_by_token ON gs_session (token_id);
                """)
        }
        migrator.registerMigration("v6-publications") { db in
            // Reports as published (初次统计 at the end of August, the year-end figure): kept byte for byte with the
            // vector of the changes they were counted from, so what was reported and what changed since can be shown.
            try db.execute(sql: """
                CREATE TABLE gs_publication (
                    label TEXT PRIMARY KEY,
                    as_of TEXT NOT NULL,
                    vector TEXT NOT NULL,
                    body TEXT NOT NULL,
                    published_at_ms INTEGER NOT NULL
                );
                """)
        }
        migrator.registerMigration("v7-cohort-index") { db in
            // Every report and dashboard page counts one cohort (毕业年份), and lists the cohorts held: with this index
            // both start from that cohort's rows (or the distinct years) instead of a pass over every field of every
            // record. Partial, so writes of every other field pay nothing for it; statements name the field as an SQL
            // literal (`fieldLiteral`), which SQLite needs to see to use a partial index.
            try db.execute(sql: """
                CREATE INDEX gs_field_cohort ON gs_field(collection, field, value) WHERE field = 'grad_year';
                """)
        }
        migrator.registerMigration("v8-replica-keys") { db in
            // Each replica gets an Ed25519 key pair, kept beside its id so a backup carries both and a restore replaces
            // both; a replica made before keys existed gets its key here, on its first open by this version.
            // A serving node binds each client replica id to the public key of its first verified handshake.
            try db.execute(sql: """
                ALTER TABLE gs_replica ADD COLUMN signing_key BLOB;
                CREATE TABLE gs_replica_key (
                    replica_id TEXT PRIMARY KEY,
                    public_key TEXT NOT NULL,
                    scope TEXT NOT NULL,
                    token_id TEXT NOT NULL,
                    token_label TEXT,
                    bound_at_ms INTEGER NOT NULL,
                    last_verified_ms INTEGER NOT NULL
                );
                """)
            try db.execute(sql: "UPDATE gs_replica SET signing_key = ? WHERE signing_key IS NULL",
                           arguments: [Data(ReplicaKey.generate().privateBytes)])
        }
        migrator.registerMigration("v9-stream-chains") { db in
            // Chain digests of streams (protocol/SPEC.md, section 5.3) at the seqs where one was computed, so the next
            // is computed from there; a row with a signature is a tip its origin signed (this replica's own, or one it
            // verified with the origin's key), which it passes on when it relays the stream.
            try db.execute(sql: """
                CREATE TABLE gs_stream_chain (
                    origin INTEGER NOT NULL REFERENCES gs_origin(id),
                    scope TEXT NOT NULL,
                    seq INTEGER NOT NULL,
                    chain BLOB NOT NULL,
                    signature TEXT,
                    PRIMARY KEY (origin, scope, seq)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v10-origin-keys") { db in
            // Keys of origins this replica learned from the nodes it pulls from (protocol/SPEC.md, section 7), pinned
            // at first sight: a tip of such an origin must verify with this key, and a node naming another is refused.
            // Keys bound at this replica's own handshakes (serving its peers) stay in gs_replica_key.
            try db.execute(sql: """
                CREATE TABLE gs_origin_key (
                    replica_id TEXT PRIMARY KEY NOT NULL,
                    public_key TEXT NOT NULL,
                    scope TEXT,
                    token_label TEXT,
                    bound_at_ms INTEGER,
                    learned_from TEXT NOT NULL,
                    learned_at_ms INTEGER NOT NULL
                ) WITHOUT ROWID;
                """)
        }
        return migrator
    }
}
