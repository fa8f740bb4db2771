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
            Degree levels are listed from 博士 down to 专科.

            Examples:
              gradsync report placement --by department
              gradsync report placement --by key_group --format json
            """)

    @OptionGroup var options: ReportOptions

    @Option(help: ArgumentHelp("What rows group graduates by.", valueName: "department|major|degree_level|gender|origin_province|key_group"))
    var by: PlacementDimension = .department

    func run() throws {
        try reportingFailures {
            let data = try options.load()
            options.render(PlacementReport.make(data.graduates, by: by, departments: data.departments))
        }
    }
}

extension PlacementDimension: ExpressibleByArgument {}
