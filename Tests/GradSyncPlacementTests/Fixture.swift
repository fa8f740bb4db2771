import Foundation
import GradSyncCore
import GradSyncPlacement
import Testing

/// Loads the files under Fixtures/ and builds the values several tests share.
enum Fixture {
    /// The department directory the roster fixtures use.
    static let departments = DepartmentDirectory(["AUTO": "自动化学院", "CS": "计算机学院", "ECON": "经济学院"])

    /// The bytes of a fixture file.
    static func data(_ name: String) throws -> Data {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"))
        return try Data(contentsOf: url)
    }

    /// The report dataset: graduates, ledger entries and the university's province.
    static func reportDataset() throws -> (records: [GraduateRecord], ledger: [LedgerEntry], province: String) {
        let text = String(decoding: try data("report_dataset.json"), as: UTF8.self)
        guard case .object(let root) = try FieldValue(parsingJSON: text),
              case .list(let records) = root["records"], case .list(let ledger) = root["ledger"],
              let province = root["university_province"]?.stringValue else {
            Issue.record("report_dataset.json has an unexpected shape")
            return ([], [], "")
        }
        func parts(_ value: FieldValue) -> (String, [String: FieldValue]) {
            guard case .object(let object) = value, let department = object["department"]?.stringValue,
                  case .object(let fields) = object["fields"] else { return ("", [:]) }
            return (department, fields)
        }
        let graduates = records.map(parts).map { department, fields in
            GraduateRecord(department: department, studentNumber: fields["student_no"]?.stringValue ?? "", fields: fields)
        }
        return (graduates, ledger.map(parts).map { LedgerEntry(department: $0.0, fields: $0.1) }, province)
    }

    /// A complete, valid graduate with an employment destination; tests change one field at a time.
    static let employedGraduate: [String: FieldValue] = [
        "student_no": "2021010101", "name": "张三", "gender": "1", "degree_level": "本科", "grad_year": .integer(2025),
        "destination_code": "10", "employer_name": "福州智控科技有限公司", "employer_uscc": "91350100M000100Y43",
        "employer_nature": "39", "employer_industry": "34", "employer_region": "350100",
    ]
}

extension FieldValue: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
}
