import Foundation
import GradSyncCore

/// The placement schema as published in `protocol/schema/`: every collection, field, type, code list and rule
/// across fields that a client written from `protocol/` alone needs, generated from the tables the validators use.
///
/// `gradsync schema --output protocol/schema` writes the files; a test regenerates them and compares, so the
/// published schema and the code cannot drift apart. `protocol/SPEC.md` section 14 describes the format.
public enum PlacementSchemaDocument {
    /// The version of the document's own format; raised when a member changes meaning.
    public static let formatVersion: Int64 = 1

    /// The files of `protocol/schema/` that are generated, by name, with their text.
    public static func files() throws -> [(name: String, text: String)] {
        [("placement.json", try text(placement())), ("regions.json", try text(regions()))]
    }

    /// JSON as the files hold it: indented, members sorted, slashes and non-ASCII text as themselves, a final newline.
    static func text(_ value: FieldValue) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }

    /// The placement schema: its collections and the code lists their code fields use.
    static func placement() -> FieldValue {
        .object([
            "format": .string("gradsync-placement-schema"),
            "format_version": .integer(formatVersion),
            "code_set_version": .string(CodeSetVersion.latest.rawValue),
            "collections": .list([graduates(), ledger(), departments()]),
            "code_lists": .object(Dictionary(uniqueKeysWithValues: CodeListKind.allCases.map { ($0.rawValue, codeList($0)) })),
            "china_names": .list(Country.chinaNames.sorted().map(FieldValue.string)),
        ])
    }

    static func graduates() -> FieldValue {
        .object([
            "name": .string(GraduateSchema.collection),
            "scope": .string("department"),
            "key": .object(["field": .string("student_no"), "type": .object(FieldKind.studentNumber.schemaDescription)]),
            "tombstone": tombstone,
            "fields": .list(GraduateSchema.fields.map(describe)),
            "destination_fields": .list(DestinationFields.dependent.map(FieldValue.string)),
            "destinations": .list(CodeSet.latest.destination.categories.compactMap { Destination($0.code) }.map(destinationRules)),
            "central_only": .object([
                "fields_once_set": .list(GraduateValidator.registryFields.map(FieldValue.string)),
                "review_status": .string(GraduateValidator.centralReview),
            ]),
        ])
    }

    static func ledger() -> FieldValue {
        .object([
            "name": .string(LedgerSchema.collection),
            "scope": .string("department"),
            "key": .object(["type": .object(["kind": .string("record_key"), "json": .string("string"), "pattern": .string("^[A-Za-z0-9_-]{1,256}$")])]),
            "tombstone": tombstone,
            "fields": .list(LedgerSchema.fields.map(describe)),
            "kinds": .list(LedgerKind.allCases.map { kind in
                .object(["kind": .string(kind.rawValue), "label": .string(kind.label), "needs": .list(kind.neededFields.map(FieldValue.string))])
            }),
        ])
    }

    /// The department directory: no `RecordField` table describes it, since only the central node writes it and
    /// the records layer checks the one field itself (plain text, not empty).
    static func departments() -> FieldValue {
        let name: [String: FieldValue] = [
            "name": .string("name"), "label": .string("学院名称"), "privacy": .string(FieldPrivacy.ordinary.rawValue),
            "required": .bool(true), "columns": .list([]),
            "type": .object(["kind": .string("text"), "json": .string("string"), "line_feeds": .bool(false)]),
        ]
        return .object([
            "name": .string(DepartmentDirectory.collection),
            "scope": .string(Scope.shared.name),
            "key": .object(["type": .object(FieldKind.department.schemaDescription.filter { $0.key != "equals_scope" })]),
            "tombstone": tombstone,
            "fields": .list([.object(name)]),
        ])
    }

    static let tombstone = FieldValue.object(["field": .string(Change.tombstoneField), "json": .string("boolean")])

    static func describe(_ field: RecordField) -> FieldValue {
        .object([
            "name": .string(field.name),
            "label": .string(field.label),
            "type": .object(field.kind.schemaDescription),
            "privacy": .string(field.privacy.rawValue),
            "required": .bool(field.isRequired),
            "columns": .list(field.columns.map(FieldValue.string)),
        ])
    }

    static func codeList(_ kind: CodeListKind) -> FieldValue {
        let latest = CodeSet.latest.list(kind)
        let versions = CodeSetVersion.allCases.map { version -> FieldValue in
            let list = CodeSet(version).list(kind)
            return .object([
                "version": .string(version.rawValue),
                "entries": .list(list.entries.map { entry in
                    .object(["code": .string(entry.code), "name": .string(entry.name), "status": .string(entry.status.rawValue)])
                }),
            ])
        }
        return .object([
            "title": .string(latest.title),
            "min_digits": .integer(Int64(latest.lengths.lowerBound)),
            "max_digits": .integer(Int64(latest.lengths.upperBound)),
            "versions": .list(versions),
        ])
    }
}
