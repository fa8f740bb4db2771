import ArgumentParser
import GradSyncPlacement

/// `gradsync report quality`: data-quality warnings: high shares of 12/75/76, records that break rules after a merge.
struct ReportQualityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quality",
        abstract: "Data-quality warnings: high shares of 12/75/76, records that break rules after a merge.",
        discussion: """
            Examples:
              gradsync report quality
              gradsync report quality --department AUTO --format json
            """)

    @OptionGroup var options: ReportOptions

    func run() throws {
        try reportingFailures {
            let data = try options.load()
            options.render(DataQualityReport.make(try data.replica.graduates(department: data.department).filter { $0.fields["grad_year"]?.integerValue == data.cohort.map(Int64.init) }))
        }
    }
}
