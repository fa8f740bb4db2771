import GradSyncPlacement

extension Dictionary where Key == String, Value == ReportValue {
    /// The count under `key`, 0 when it is not a count.
    func count(_ key: String) -> Int {
        if case .count(let count) = self[key] { return count }
        return 0
    }

    /// The share under `key`, 0 when it is not a rate.
    func rate(_ key: String) -> Double {
        if case .rate(let rate) = self[key] { return rate }
        return 0
    }

    /// The text under `key`, empty when it is not text.
    func text(_ key: String) -> String {
        if case .text(let text) = self[key] { return text }
        return ""
    }
}
