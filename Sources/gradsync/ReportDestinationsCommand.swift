import ArgumentParser
import GradSyncPlacement

/// `gradsync report destinations`: the distribution of graduates over destination codes.
struct ReportDestinationsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "destinations",
        abstract: "Distribution of graduates over destination codes.",
        discussion: """
            Examples:
              gradsync report destinations
              gradsync report destinations --department AUTO --format json
            """)

    @OptionGroup var options: ReportOptions

    func run() throws {
        try reportingFailures {
            let data = try options.load()
            options.render(DestinationReport.make(groups: try data.groups(DestinationReport.fieldsRead)))
        }
    }
}
