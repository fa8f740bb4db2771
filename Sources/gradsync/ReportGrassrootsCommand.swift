import ArgumentParser
import GradSyncPlacement

/// `gradsync report grassroots`: the shares of employed graduates in grassroots projects and village and community posts.
struct ReportGrassrootsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grassroots",
        abstract: "Grassroots employment by department: 50x/51x projects and village and community posts (55/56).",
        discussion: """
            Shares are over employed graduates (10, 11, 12, 27x, 46, 50x, 51x); a graduate both in a \
            project and in a village or community post counts once in the grassroots total.

            Examples:
              gradsync report grassroots
              gradsync report grassroots --format csv > 基层就业.csv
            """)

    @OptionGroup var options: ReportOptions

    func run() throws {
        try reportingFailures {
            let data = try options.load()
            options.render(GrassrootsReport.make(groups: try data.groups(GrassrootsReport.fieldsRead), departments: data.departments))
        }
    }
}
