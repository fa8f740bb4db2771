import GradSyncPlacement
import Synchronization

/// A region field as province → prefecture → county selects (GB/T 2260, the list the binary ships) beside the
/// six-digit code they fill in. The server renders the choices of the current value, so the form reads right
/// without the script; the script refills the lower selects when a higher one changes (`/assets/regions.js`).
enum RegionPicker {
    static func make(_ field: RecordField, text: String) -> HTML {
        var buffer = HTMLBuffer()
        write(field, text: text, into: &buffer)
        return buffer.html
    }

    /// The picker showing `text`, as `make` gives it, onto the end of `buffer`.
    static func write(_ field: RecordField, text: String, into buffer: inout HTMLBuffer) {
        Kept(field).write(text: text, into: &buffer)
    }

    /// A field's picker with its value left out: each select's opening tag and the code input's, built once.
    struct Kept: Sendable {
        let selects: [HTML]
        let input: HTML

        init(_ field: RecordField) {
            selects = levels.enumerated().map { level, label in
                "<select data-region-level=\"\(level)\" data-region-for=\"f-\(field.name)\" aria-label=\"\(field.label)：\(label)\">"
            }
            input = "</div><input type=\"text\" id=\"f-\(field.name)\" name=\"\(field.name)\" value=\""
        }

        /// The picker showing `text` onto the end of `buffer`.
        func write(text: String, into buffer: inout HTMLBuffer) {
            let (path, fullName) = located(text)
            buffer.append("<div class=\"region\">")
            // The provinces' options are kept; a prefecture's or a county's few are built for the value shown.
            buffer.append(selects[0])
            provinceOptions.write(selected: path.first ?? "", into: &buffer)
            buffer.append("</select>")
            buffer.append(selects[1])
            (path.first.map { childOptions(of: $0, label: "地市") } ?? noPrefectures).write(selected: path.count > 1 ? path[1] : "", into: &buffer)
            buffer.append("</select>")
            buffer.append(selects[2])
            (path.count > 1 ? childOptions(of: path[1], label: "区县") : noCounties).write(selected: path.count > 2 ? path[2] : "", into: &buffer)
            buffer.append("</select>")
            buffer.append(input)
            buffer.append(text: text)
            buffer.append("\" inputmode=\"numeric\" maxlength=\"6\" placeholder=\"六位行政区划代码\"><p class=\"hint\">逐级选择省份、地市、区县，或直接填写六位代码")
            if let full = fullName {
                buffer.append("（")
                buffer.append(text: full)
                buffer.append("）")
            }
            buffer.append("。</p>")
        }
    }

    /// The levels' labels, province down.
    private static let levels = ["省份", "地市", "区县"]

    /// The codes from the province down to `code` and its full name, found once per code shown and kept (at most
    /// one entry per division of the shipped directory; a code it does not hold is not kept).
    private static func located(_ code: String) -> (path: [String], fullName: String?) {
        if let kept = keptLocations.withLock({ $0[code] }) { return kept }
        let directory = RegionDirectory.current
        let found = (path(of: code, in: directory), directory.fullName(of: code))
        if directory.contains(code) { keptLocations.withLock { $0[code] = found } }
        return found
    }

    private static let keptLocations = Mutex<[String: (path: [String], fullName: String?)]>([:])

    /// The empty lower levels, when nothing above them is chosen.
    private static let noPrefectures = options([], label: "地市")
    private static let noCounties = options([], label: "区县")

    /// The provinces, found once: the directory finds them by scanning every division.
    static let provinces = RegionDirectory.current.provinces

    /// The provinces' options, escaped once.
    static let provinceOptions = options(provinces, label: "省份")

    /// The options of the divisions under each division shown so far, escaped once and kept: at most one list per
    /// province and prefecture of the shipped directory.
    private static let keptChildOptions = Mutex<[String: OptionList]>([:])

    /// The options of the divisions directly under `code`, after a blank "label…".
    private static func childOptions(of code: String, label: String) -> OptionList {
        let key = label + "/" + code
        if let kept = keptChildOptions.withLock({ $0[key] }) { return kept }
        let built = options(RegionDirectory.current.children(of: code), label: label)
        keptChildOptions.withLock { $0[key] = built }
        return built
    }

    /// The options of one level: a blank "label…" first, then each division's code and name.
    private static func options(_ entries: [RegionEntry], label: String) -> OptionList {
        OptionList(entries.map { ($0.code, "\($0.code) \($0.name)") }, blank: "\(label)…")
    }

    /// The codes from the province down to `code`, empty for a code the list does not hold.
    static func path(of code: String, in directory: RegionDirectory) -> [String] {
        guard directory.contains(code) else { return [] }
        var path = [code]
        while let parent = directory.parent(of: path[0]) { path.insert(parent, at: 0) }
        return path
    }

    /// Every current division as `code: [name, parent]`, for the script (a JavaScript object literal).
    static let script: String = {
        let directory = RegionDirectory.current
        var entries: [String] = []
        func add(_ entry: RegionEntry, parent: String) {
            let name = entry.name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            entries.append("\"\(entry.code)\":[\"\(name)\",\"\(parent)\"]")
            for child in directory.children(of: entry.code) { add(child, parent: entry.code) }
        }
        for province in provinces { add(province, parent: "") }
        return "\"use strict\";\nwindow.gradsyncRegions = {" + entries.joined(separator: ",") + "};\n"
    }()
}
