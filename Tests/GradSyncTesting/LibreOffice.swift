import Foundation

/// LibreOffice's headless converter, which tests use to make files as a secretary's spreadsheet software saves
/// them (CSV → .xlsx) and to read files as it reads them (.xlsx → CSV).
///
/// A missing LibreOffice fails the test rather than skipping it: `scripts/test.sh` installs it
/// (`libreoffice-calc-nogui`), and a skipped test would let the .xlsx paths go untested unnoticed.
public enum LibreOffice {
    /// Why a conversion did not happen.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The CSV import filter (comma, double quote, UTF-8, from line 1, with these column formats such as
    /// `1/2/2/2/15/5`: column 1 and 2 as text (2), column 15 year-month-day (5); language en-US; formulas evaluated),
    /// so identifier columns stay text as a national-system template keeps them.
    public static func csvImport(columnFormats: String = "") -> String {
        "CSV:44,34,76,1,\(columnFormats),1033,false,true"
    }

    /// The CSV export filter: comma, double quote, UTF-8, cells as shown.
    public static let csvExport = "csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,false,true,true"

    /// Converts `input` to `format` (`xlsx`, or `csvExport`) into `directory` and returns the new file's path.
    ///
    /// Each call has its own user profile, so conversions can run side by side; one is given `timeout` seconds.
    @discardableResult
    public static func convert(_ input: String, to format: String, inputFilter: String? = nil, into directory: String,
                               timeout: TimeInterval = 180) throws -> String {
        guard let soffice = executable() else {
            throw Failure(description: "LibreOffice (soffice) is not installed; scripts/install-deps.sh libreoffice-calc-nogui installs it")
        }
        let profile = try TemporaryDirectory(prefix: "gradsync-soffice")
        var arguments = ["-env:UserInstallation=file://\(profile.path)", "--headless", "--norestore"]
        if let inputFilter { arguments += ["--infilter=\(inputFilter)"] }
        arguments += ["--convert-to", format, "--outdir", directory, input]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: soffice)
        process.arguments = arguments
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            throw Failure(description: "LibreOffice did not convert \(input) within \(Int(timeout)) s")
        }
        let stem = URL(fileURLWithPath: input).deletingPathExtension().lastPathComponent
        let extensionName = format.split(separator: ":").first.map(String.init) ?? format
        let output = "\(directory)/\(stem).\(extensionName)"
        guard process.terminationStatus == 0, FileManager.default.fileExists(atPath: output) else {
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw Failure(description: "LibreOffice did not convert \(input) (exit \(process.terminationStatus)): \(message)")
        }
        return output
    }

    /// The path of `soffice` on `PATH`, or nil.
    static func executable() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") + ["/usr/bin", "/usr/lib/libreoffice/program"] {
            let candidate = "\(folder)/soffice"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
