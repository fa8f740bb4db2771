import ArgumentParser
import Foundation
import GradSyncCore
import GradSyncPlacement
import GradSyncStore
import GradSyncRecords

/// `gradsync ledger add`: one assistance-ledger entry about a graduate, under a random key.
struct LedgerAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add an assistance-ledger entry for a graduate.",
        discussion: """
            Each kind needs its own fields: mentor needs mentor; talk needs mentor and summary; \
            recommendation needs employer, post and outcome; training needs program and hours \
            (0.1 to 10000, at most one decimal place, e.g. 1.5). \
            date (yyyy-mm-dd) defaults to today in Beijing time and may be at most one day later. \
            An entry identical to one the graduate already has (same kind, date and the kind's own fields) is refused; \
            an entry about a graduate in no key group is added with a warning.

            Examples:
              gradsync ledger add 2021010101 --kind mentor mentor=王老师
              gradsync ledger add 2021010101 --kind recommendation employer=厦门甲公司 \\
                  post=测试工程师 outcome=已面试
              gradsync ledger add 2021010101 --kind training program=宏志助航计划 \\
                  hours=16 date=2025-04-20
              gradsync ledger add 2021010101 --kind training program=简历写作 hours=1.5
            """)

    @OptionGroup var homeOptions: HomeOptions
    @OptionGroup var authorOptions: AuthorOptions

    @Option(help: ArgumentHelp("The graduate's department, when the central node holds the number in several.", valueName: "CODE"))
    var department: String?

    @Option(help: ArgumentHelp("What the entry records.", valueName: "mentor|talk|recommendation|training"))
    var kind: LedgerKind

    @Argument(help: ArgumentHelp("The graduate's student number (学号).", valueName: "STUDENT_NO"))
    var studentNumber: String

    @Argument(help: ArgumentHelp("The entry's fields.", valueName: "FIELD=VALUE"))
    var assignments: [String] = []

    func validate() throws {
        try FieldAssignments.checkSyntax(assignments)
    }

    func run() throws {
        try reportingFailures {
            let values = try FieldAssignments.ledger.values(assignments)
            let added = try homeOptions.openReplica().addLedgerEntry(studentNumber, department: department, kind: kind, values: values,
                                                                     author: authorOptions.name)
            for warning in added.warnings { printError("warning: \(warning)") }
            print("added \(kind.rawValue) entry \(added.id.key) for graduate \(studentNumber)")
        }
    }
}

extension LedgerKind: ExpressibleByArgument {}
