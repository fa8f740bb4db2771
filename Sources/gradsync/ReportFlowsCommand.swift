import ArgumentParser
import GradSyncPlacement

/// `gradsync report flows`: where employed graduates went, by employer nature, industry or region.
struct ReportFlowsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flows",
        abstract: "Where employed graduates went: employer nature, industry, or region (in province / back to origin / out of province).",
        discussion: """
            Only graduates with an employment destination count. The region flow needs the \
            university's province (two digits of GB/T 2260, e.g. 35 for 福建).

            Examples:
              gradsync report flows --by nature
              gradsync report flows --by region --province 35 --format json
            """)

    @OptionGroup var options: ReportOptions

    @Option(help: ArgumentHelp("What rows group employed graduates by.", valueName: "nature|industry|region"))
    var by: FlowChoice = .nature

    @Option(help: ArgumentHelp("The university's province, two digits (needed for --by region).", valueName: "CODE"))
    var province: String?

    /// The `--by` choices.
    enum FlowChoice: String, ExpressibleByArgument, CaseIterable {
        case nature, industry, region

        var dimension: FlowDimension {
            switch self {
            case .nature: return .employerNature
            case .industry: return .industry
            case .region: return .region
            }
        }
    }

    func validate() throws {
        if let province, Region.provinces[province] == nil {
            throw ValidationError("--province must be a two-digit GB/T 2260 province code, e.g. 35")
        }
        if by == .region, province == nil { throw ValidationError("--by region needs --province CODE (the university's province)") }
    }

    func run() throws {
        try reportingFailures {
            let data = try options.load()
            options.render(FlowReport.make(groups: try data.groups(FlowReport.fieldsRead(by: by.dimension)), by: by.dimension,
                                            universityProvince: province ?? ""))
        }
    }
}
