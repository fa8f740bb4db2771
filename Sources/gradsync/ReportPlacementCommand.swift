import ArgumentParser
import GradSyncPlacement

/// `gradsync report placement`: 毕业去向落实率 and its parts by one dimension.
struct ReportPlacementCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "placement",
        abstract: "Placement rate (毕业去向落实率) and its parts by department, major, degree level, gender, origin province or key group.",
        discussion: """
            Each row has graduates, placed, placement_rate (placed / graduates) and, per part, a count \
            and a rate over the same graduates: agreement_contract (协议和合同就业率 as \
            agreement_contract_rate), flexible, entrepreneurship, further_study; unplaced besides. \
            Degree levels are listed from 博士 down to 专科. --compare-with YEAR adds that cohort's \
            previous_graduates and previous_placement_rate beside each row.

            Examples:
              gradsync report placement --by department
              gradsync report placement --grad-year 2025 --compare-with 2024
              gradsync report placement --by key_group --format json
            """)

    @OptionGroup var options: ReportOptions

    @Option(help: ArgumentHelp("What rows group graduates by.", valueName: "department|major|degree_level|gender|origin_province|key_group"))
    var by: PlacementDimension = .department

    @Option(help: ArgumentHelp("Another cohort whose graduates and rate are shown beside each row.", valueName: "YEAR"))
    var compareWith: Int?

    func run() throws {
        try reportingFailures {
            let data = try options.load()
            let fields = PlacementReport.fieldsRead(by: by)
            var table = PlacementReport.make(groups: try data.groups(fields), by: by, departments: data.departments)
            if let other = compareWith {
                let previous = PlacementReport.make(groups: try data.groups(fields, cohort: other), by: by, departments: data.departments)
                table = table.comparing(with: previous, cohort: other, keys: ["graduates", "placement_rate"])
            }
            options.render(table)
        }
    }
}

extension PlacementDimension: ExpressibleByArgument {}
