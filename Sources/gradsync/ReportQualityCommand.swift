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
            let table = try DataQualityReport.make(groups: try data.groups(DataQualityReport.fieldsRead), eachRecord: { visit in
                try data.replica.forEachGraduate(department: data.department, cohort: data.cohort, visit)
            })
            options.render(table)
        }
    }
}
