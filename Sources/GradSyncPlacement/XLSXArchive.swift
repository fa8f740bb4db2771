import Foundation
import ZIPFoundation

/// The ZIP container of an .xlsx file, read within `XLSXLimits`.
///
/// A part's size is counted as it inflates, not taken from the ZIP headers (which a crafted file can understate),
/// and reading stops at the first byte over a bound.
struct XLSXArchive {
    private let archive: Archive
    private let limits: XLSXLimits
    private let entries: [String: Entry]
    private var inflated = 0

    /// The first bytes of a ZIP file, and of an OLE compound file (Excel 97-2003 .xls, or a password-protected .xlsx).
    static let zipMagic: [UInt8] = [0x50, 0x4B, 0x03, 0x04]
    static let oleMagic: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]

    /// Opens `data`, refusing what is not a ZIP file, too large, or has too many entries.
    init(data: Data, limits: XLSXLimits) throws(XLSXError) {
        self.limits = limits
        if data.starts(with: Self.oleMagic) {
            throw XLSXError(Messages.legacyWorkbook)
        }
        guard data.starts(with: Self.zipMagic) else {
            throw XLSXError(Messages.notAWorkbook)
        }
        guard data.count <= limits.fileBytes else {
            throw XLSXError(Messages.workbookTooLarge(bytes: data.count, limit: limits.fileBytes))
        }
        do { archive = try Archive(data: data, accessMode: .read) } catch {
            throw XLSXError(Messages.workbookDamaged("\(error)"))
        }
        var entries: [String: Entry] = [:]
        var count = 0
        for entry in archive {
            count += 1
            guard count <= limits.entries else {
                throw XLSXError(Messages.workbookTooManyEntries(limit: limits.entries))
            }
            entries[entry.path] = entry
        }
        self.entries = entries
    }

    /// Whether the container holds a part at `path`.
    func contains(_ path: String) -> Bool { entries[path] != nil }

    /// The bytes of the part at `path` (no leading slash), or nil when there is none.
    mutating func part(_ path: String) throws(XLSXError) -> Data? {
        guard let entry = entries[path] else { return nil }
        guard entry.type == .file else { throw XLSXError(Messages.workbookPartNotAFile(path)) }
        let partLimit = min(limits.partBytes, limits.totalBytes - inflated)
        var bytes = Data()
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                guard bytes.count + chunk.count <= partLimit else { throw Overflow() }
                bytes.append(chunk)
            }
        } catch is Overflow {
            throw XLSXError(Messages.workbookPartTooLarge(path, limit: partLimit))
        } catch {
            throw XLSXError(Messages.workbookPartDamaged(path, "\(error)"))
        }
        inflated += bytes.count
        return bytes
    }

    /// Thrown from the inflating closure to stop at the bound.
    private struct Overflow: Error {}
}
