import ArgumentParser
import Foundation
import GradSyncPlacement

/// `gradsync schema`: writes the placement schema files of `protocol/schema/` from the tables the validators use.
///
/// Hidden from help: it is the generator of a published document, run by whoever changes a field, a code list or
/// a rule across fields (`gradsync schema --output protocol/schema`), and by the test that keeps the two in step.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Write the placement schema (protocol/schema/*.json) generated from the code.",
        shouldDisplay: false)

    @Option(help: ArgumentHelp("The folder to write placement.json and regions.json into.", valueName: "DIR"))
    var output: String

    func run() throws {
        try reportingFailures {
            let folder = URL(fileURLWithPath: output, isDirectory: true)
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
                throw CLIError.usage("--output \(output) is not a folder")
            }
            for file in try PlacementSchemaDocument.files() {
                try Data(file.text.utf8).write(to: folder.appendingPathComponent(file.name), options: .atomic)
            }
        }
    }
}
