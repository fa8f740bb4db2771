/// One record of a CSV file and the physical line it starts on (from 1).
struct CSVRecord: Equatable {
    /// The line of the file where the record starts.
    let line: Int
    /// The fields, unquoted.
    let fields: [String]
}

/// Why a CSV text could not be read at all.
struct CSVFormatError: Error, Equatable {
    /// The line where the broken record starts.
    let line: Int
    /// What is wrong, in words.
    let reason: String
}

/// An RFC 4180 reader: commas, quoted fields holding commas, doubled quotes and line breaks; CRLF, LF or CR line ends.
///
/// Records whose fields are all empty (blank lines, the `,,,` rows Excel leaves) are skipped.
/// A quote inside an unquoted field is kept as text, as Excel does.
enum CSVReader {
    /// Splits `text` into records, or fails on a quoted field that never closes or text after a closing quote.
    static func records(in text: String) throws(CSVFormatError) -> [CSVRecord] {
        var records: [CSVRecord] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var afterClosingQuote = false
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = scalars.next()

        func endRecord() {
            fields.append(String(field))
            field = String.UnicodeScalarView()
            if fields.contains(where: { !$0.isEmpty }) { records.append(CSVRecord(line: recordLine, fields: fields)) }
            fields = []
        }

        while let scalar = pending {
            pending = scalars.next()
            if inQuotes {
                if scalar == "\"" {
                    if pending == "\"" {
                        field.append("\"")
                        pending = scalars.next()
                    } else {
                        inQuotes = false
                        afterClosingQuote = true
                    }
                    continue
                }
                if scalar == "\n" || (scalar == "\r" && pending != "\n") { line += 1 }
                field.append(scalar)
                continue
            }
            switch scalar {
            case ",":
                fields.append(String(field))
                field = String.UnicodeScalarView()
                afterClosingQuote = false
            case "\r", "\n":
                if scalar == "\r", pending == "\n" { pending = scalars.next() }
                endRecord()
                afterClosingQuote = false
                line += 1
                recordLine = line
            case "\"" where field.isEmpty && !afterClosingQuote:
                inQuotes = true
            default:
                if afterClosingQuote {
                    throw CSVFormatError(line: recordLine, reason: Messages.textAfterClosingQuote(line: line))
                }
                field.append(scalar)
            }
        }
        if inQuotes { throw CSVFormatError(line: recordLine, reason: Messages.quoteNeverClosed) }
        endRecord()
        return records
    }
}
