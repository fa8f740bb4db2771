import GradSyncCore
import GradSyncPlacement
import GradSyncStore

extension PlacementReplica {
    /// The university's department directory, from the shared scope (collection `department`, field `name`).
    ///
    /// A department whose name is empty or not text is left out: it has no name to show or to match a roster cell.
    public func departmentDirectory() throws -> DepartmentDirectory {
        Self.directory(from: try store.records(collection: DepartmentDirectory.collection, scope: .shared))
    }

    static func directory(from records: [RecordState]) -> DepartmentDirectory {
        var names: [String: String] = [:]
        for record in records {
            if let name = record.fields["name"]?.stringValue, !name.isEmpty { names[record.id.key] = name }
        }
        return DepartmentDirectory(names)
    }

    /// The directory a roster is read with: on a department replica its own code is always known.
    public func rosterDirectory() throws -> DepartmentDirectory {
        var names = try departmentDirectory().names
        if let own = ownDepartment, names[own.name] == nil { names[own.name] = own.name }
        return DepartmentDirectory(names)
    }

    /// Names a department in the directory (central node only); returns false when it already had that name.
    @discardableResult
    public func setDepartmentName(_ code: String, name: String, author: String) throws -> Bool {
        guard isCentral else {
            throw RecordsError.ambiguous(Messages.directoryIsCentral)
        }
        let scope: Scope
        do { scope = try Scope.department(code) } catch { throw RecordsError.ambiguous(error.description) }
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw RecordsError.ambiguous(Messages.departmentNamePlainText)
        }
        let record = RecordID(scope: .shared, collection: DepartmentDirectory.collection, key: scope.name)
        return !(try store.write(record, fields: ["name": .string(name)], mode: .upsert, author: author)).isEmpty
    }
}
