import ArgumentParser
import Foundation

/// `gradsync remote set|show`: the node this replica syncs with.
struct RemoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remote",
        abstract: "Remember the node this replica syncs with.",
        subcommands: [Set.self, Show.self])

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set the remote URL and its token (the settings file is written with mode 0600).",
            discussion: """
                Examples:
                  gradsync remote set https://gradsync.example.edu.cn \\
                      --token-file /etc/gradsync/auto.token
                  gradsync remote set http://127.0.0.1:8080 --token gs1.0123456789abcdef.…
                """)

        @OptionGroup var homeOptions: HomeOptions

        @Argument(help: "The node's base URL (http:// or https://, no user:password@).")
        var url: String

        @Option(help: "The bearer token (prefer --token-file: a token on the command line shows in 'ps').")
        var token: String?

        @Option(help: ArgumentHelp("A file holding the bearer token.", valueName: "FILE"))
        var tokenFile: String?

        func validate() throws {
            guard (token != nil) != (tokenFile != nil) else { throw ValidationError("give exactly one of --token T or --token-file F") }
            do {
                _ = try RemoteAddress(url)
            } catch {
                throw ValidationError(error.description)
            }
        }

        func run() throws {
            try reportingFailures {
                let home = homeOptions.replicaHome
                _ = try home.openStore()
                var settings = try home.loadSettings()
                settings.remote = url
                settings.token = token
                settings.tokenFile = tokenFile.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
                try home.saveSettings(settings)
                printError("remote set to \(url)")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the remote URL (never the token).",
                                                        discussion: "Example:\n  gradsync remote show")

        @OptionGroup var homeOptions: HomeOptions

        func run() throws {
            try reportingFailures {
                let settings = try homeOptions.replicaHome.loadSettings()
                guard let remote = settings.remote else { throw CLIError.usage("no remote set: run 'gradsync remote set URL --token-file F'") }
                // A settings file written before credentials in the URL were refused may still hold some.
                print(RemoteAddress.redacted(remote))
            }
        }
    }
}
