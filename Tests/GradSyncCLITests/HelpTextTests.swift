import Foundation
import GradSyncPlacement
import GradSyncTesting
import Testing

/// Every command's help as an 80-column terminal shows it: paragraphs are wrapped by the parser at the terminal's
/// width, so a line break written inside a sentence leaves a ragged short line; and an example that is longer than
/// the terminal is broken by the parser at a space, which makes a line that is not a command. Examples are split
/// with shell continuations instead, so each line can be copied as it is.
@Suite struct HelpTextTests {
    /// The command paths of every subcommand, found from the help's SUBCOMMANDS section, depth first.
    static func commandPaths(_ cli: CommandRunner, under path: [String] = []) throws -> [(path: [String], help: String)] {
        let help = try cli.run(path + ["--help"])
        #expect(help.exitCode == 0, "gradsync \(path.joined(separator: " ")) --help exited \(help.exitCode)")
        var found = [(path: path, help: help.stdout)]
        guard let section = help.stdout.range(of: "SUBCOMMANDS:\n") else { return found }
        for line in help.stdout[section.upperBound...].split(separator: "\n", omittingEmptySubsequences: false) {
            if line.isEmpty { break }
            // "  name    abstract": a name starts in column 2; wrapped abstracts are indented further.
            guard line.hasPrefix("  "), !line.hasPrefix("   "),
                  let name = line.dropFirst(2).split(separator: " ").first, name != "help" else { continue }
            found += try commandPaths(cli, under: path + [String(name)])
        }
        return found
    }

    @Test func everyHelpFitsEightyColumnsWithoutRaggedLines() throws {
        let directory = try TemporaryDirectory()
        let cli = CommandRunner(home: directory.file("home"), environment: ["COLUMNS": "80", "LINES": "24"])
        let commands = try Self.commandPaths(cli)
        #expect(commands.count > 40, "found only \(commands.map { $0.path.joined(separator: " ") })")
        let headings = ["USAGE:", "OPTIONS:", "ARGUMENTS:", "SUBCOMMANDS:", "OVERVIEW:", "Example:", "Examples:"]
        for (path, help) in commands {
            let name = (["gradsync"] + path).joined(separator: " ")
            let lines = help.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for (index, line) in lines.enumerated() {
                // The parser wraps prose by characters, not columns, and never wraps USAGE; the examples are ours.
                if line.hasPrefix("  gradsync ") || line.hasPrefix("      ") {
                    #expect(DisplayWidth.of(line) <= 80, "\(name) --help: an example wider than 80 columns: \(line)")
                }
                // A backslash ends only an example's line, as a shell continuation followed by an indented line.
                if line.hasSuffix("\\") {
                    #expect(line.hasPrefix("  gradsync ") || line.hasPrefix("      "), "\(name) --help: a stray backslash: \(line)")
                    let next = index + 1 < lines.count ? lines[index + 1] : ""
                    #expect(next.hasPrefix("      "), "\(name) --help: an example continued on an unindented line: \(next)")
                }
                // An example the parser had to break leaves an unindented line that carries on a command.
                if line.hasPrefix("  gradsync "), !line.hasSuffix("\\"), index + 1 < lines.count {
                    let next = lines[index + 1]
                    #expect(next.isEmpty || next.hasPrefix("  ") || headings.contains(where: next.hasPrefix),
                            "\(name) --help: an example broken by the terminal's width: \(line) / \(next)")
                }
                // A paragraph line far shorter than the width, ending mid-sentence, followed by more of the sentence:
                // a line break written into the text.
                if index + 1 < lines.count, !line.hasPrefix(" "), !line.isEmpty, DisplayWidth.of(line) < 50,
                   let last = line.last, !".:!?。".contains(last) {
                    let next = lines[index + 1]
                    #expect(next.isEmpty || next.hasPrefix(" ") || headings.contains(where: next.hasPrefix),
                            "\(name) --help: a paragraph broken inside a sentence: \(line) / \(next)")
                }
            }
        }
    }
}
