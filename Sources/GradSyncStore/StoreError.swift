import GRDB
import GradSyncCore

/// Why the store refused an operation. Each case carries what a person needs to act.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No replica exists at the path.
    case notInitialized(path: String)
    /// A replica already exists at the path.
    case alreadyInitialized(path: String)
    /// The same (origin, scope, seq) arrived with different content: a copied replica forked a stream.
    case replicaFork(ChangeID)
    /// A change lies outside what this replica holds or may write.
    case outOfScope(scope: Scope, allowed: ReplicaScope)
    /// A value broke the schema.
    case invalid(ValidationError)
    /// A change's stated content hash does not match its content.
    case hashMismatch(ChangeID)
    /// The record exists already (on `create`).
    case recordExists(RecordID)
    /// The record does not exist (on `update`, delete or restore).
    case recordNotFound(RecordID)
    /// The record is deleted: it must be restored before it is edited.
    case recordDeleted(RecordID)
    /// The record is not deleted, so there is nothing to restore.
    case recordNotDeleted(RecordID)
    /// A field name is empty or reserved.
    case reservedField(String)
    /// The database file is not a replica of a version this program understands.
    case incompatibleFormat(String)
    /// A snapshot was refused as a whole (the replica already holds changes of its scope, a stream has a gap or
    /// does not end at its tip); the reason names the stream at fault. Nothing was loaded.
    case snapshotRefused(String)
    /// A change of a snapshot was refused for `reason` (its code is the reason's). Nothing was loaded.
    indirect case snapshotChange(ChangeID, reason: StoreError)
    /// A page's changes of a stream do not lead to the tip its origin signed (protocol/SPEC.md, section 5.3): a change
    /// of it was altered or forged. Nothing was applied.
    case forgedChange(StreamKey, seq: UInt64)
    /// A node named, for an origin, another public key than the one this replica holds for it (bound at a handshake,
    /// or pinned when a node first named it; protocol/SPEC.md, section 7). Nothing of the page was applied.
    case originKeyMismatch(origin: ReplicaID, held: String, named: String, source: String)
    /// A tip of a stream does not verify with the key this replica holds for its origin: it was not signed by that
    /// replica. Nothing of the page was applied.
    case forgedTip(StreamKey, seq: UInt64, publicKey: String)

    /// A stable machine reason, used on the wire and in `--json` output.
    public var code: String {
        switch self {
        case .notInitialized: return "not_initialized"
        case .alreadyInitialized: return "already_initialized"
        case .replicaFork: return "replica_fork"
        case .outOfScope: return "out_of_scope"
        case .invalid: return "validation_failed"
        case .hashMismatch: return "hash_mismatch"
        case .recordExists: return "record_exists"
        case .recordNotFound: return "record_not_found"
        case .recordDeleted: return "record_deleted"
        case .recordNotDeleted: return "record_not_deleted"
        case .reservedField: return "reserved_field"
        case .incompatibleFormat: return "incompatible_format"
        case .snapshotRefused: return "snapshot_refused"
        case .snapshotChange(_, let reason): return reason.code
        case .forgedChange: return "forged_change"
        case .originKeyMismatch: return "replica_key_mismatch"
        case .forgedTip: return "forged_change"
        }
    }

    public var description: String {
        switch self {
        case .notInitialized(let path):
            return "no replica at \(path): run 'gradsync init --department CODE' or 'gradsync init --central' first"
        case .alreadyInitialized(let path):
            return "a replica already exists at \(path)"
        case .replicaFork(let id):
            return "change \(id) arrived with content that differs from the change already held under that id: the directory of replica \(id.origin) was copied and both copies wrote; give the copy a new replica id by restoring it from a backup"
        case .outOfScope(let scope, let allowed):
            return "records of scope '\(scope)' are outside this replica's scope '\(allowed)'"
        case .invalid(let error):
            return error.description
        case .hashMismatch(let id):
            return "change \(id) does not match its content hash"
        case .recordExists(let record):
            return RecordMessages.recordExists(record.collection, record.key, in: record.scope.name)
        case .recordNotFound(let record):
            return RecordMessages.recordNotFound(record.collection, record.key, in: record.scope.name)
        case .recordDeleted(let record):
            return RecordMessages.recordDeleted(record.collection, record.key)
        case .recordNotDeleted(let record):
            return RecordMessages.recordNotDeleted(record.collection, record.key)
        case .reservedField(let field):
            return "field name '\(field)' is reserved or empty"
        case .incompatibleFormat(let reason):
            return "this database is not a GradSync replica this version can open: \(reason)"
        case .snapshotRefused(let reason):
            return "the snapshot was refused and nothing of it was loaded: \(reason)"
        case .snapshotChange(let id, let reason):
            return "the snapshot was refused at change \(id) and nothing of it was loaded: \(reason)"
        case .forgedChange(let stream, let seq):
            return "the changes of replica \(stream.origin) in scope '\(stream.scope)' up to seq \(seq) are not the ones that replica signed "
                + "(their chain digest differs from its signed tip): a change of its stream was altered or forged; nothing of the page was applied"
        case .forgedTip(let stream, let seq, let key):
            return "the tip of replica \(stream.origin)'s stream in scope '\(stream.scope)' at seq \(seq) is not signed by that replica's key "
                + "(fingerprint \(ReplicaKey.fingerprint(publicKeyHex: key) ?? key)): only the replica itself signs its stream; nothing of the page was applied"
        case .originKeyMismatch(let origin, let held, let named, let source):
            return "the remote names the key with fingerprint \(ReplicaKey.fingerprint(publicKeyHex: named) ?? named) for replica \(origin), "
                + "but this replica holds the key with fingerprint \(ReplicaKey.fingerprint(publicKeyHex: held) ?? held) for it (\(source)): "
                + "one of them is not that replica's; compare with `gradsync status` on that replica; nothing of the page was applied"
        }
    }
}

extension StoreError {
    /// Whether `error` is SQLite saying another connection holds the lock (busy or locked): a retry may succeed.
    ///
    /// Callers above the store ask this instead of matching the SQLite library's errors themselves.
    public static func isBusy(_ error: any Error) -> Bool {
        guard let error = error as? DatabaseError else { return false }
        return error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED
    }
}
