import BenchSupport
import Foundation
import GradSyncCore
import GradSyncPlacement
import GradSyncStore

/// `bench-load`: the central node under load. Many departments push a backlog and many fresh replicas fill from
/// the node, all at once, while one more department syncs with nothing new over and over; see docs/performance.md.
@main
struct BenchLoad {
    static func main() throws {
        var options = LoadOptions()
        var json = false
        var keep = false
        var gradsync = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("gradsync").path
        var arguments = CommandLine.arguments.dropFirst()
        func number(_ name: String, _ range: ClosedRange<Int>) -> Int {
            guard let value = Int(arguments.popFirst() ?? ""), range.contains(value) else {
                FileHandle.standardError.write(Data("\(name) must be a number from \(range.lowerBound) to \(range.upperBound)\n".utf8))
                exit(2)
            }
            return value
        }
        while let argument = arguments.popFirst() {
            switch argument {
            case "--departments": options.departments = number(argument, 1...60)
            case "--graduates": options.graduates = number(argument, 10...20_000)
            case "--backlog": options.backlog = number(argument, 1...20_000)
            case "--json": json = true
            case "--keep": keep = true
            case "--gradsync": gradsync = arguments.popFirst() ?? ""
            default:
                FileHandle.standardError.write(Data("""
                    usage: bench-load [--departments 30] [--graduates 1000] [--backlog 200] [--json] [--keep] [--gradsync PATH]
                      --departments  departments pushing at once, and as many fresh replicas filling at once
                      --graduates    graduates the node holds of each filling department
                      --backlog      new graduates each pushing department holds

                    """.utf8))
                exit(2)
            }
        }
        guard FileManager.default.isExecutableFile(atPath: gradsync) else {
            FileHandle.standardError.write(Data("no gradsync binary at \(gradsync); build it or pass --gradsync PATH\n".utf8))
            exit(2)
        }
        let log: (String) -> Void = { FileHandle.standardError.write(Data("bench-load: \($0)\n".utf8)) }
        let root = try TemporaryDirectory()
        defer { if keep { log("kept \(root.path)") } else { root.remove() } }
        let report = try LoadScenario(gradsync: gradsync, directory: root, options: options, log: log).run()
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(report.table)
        }
    }
}

/// The size of a run.
struct LoadOptions: Codable {
    var departments = 30
    var graduates = 1_000
    var backlog = 200
}
