/// How a country field names China, for the rules that tell home from abroad.
public enum Country {
    /// The names taken for mainland China (case and surrounding spaces ignored). 香港, 澳门 and 台湾 are not
    /// among them: the national rules count study there as 出境 (destination 85).
    public static let chinaNames: Set<String> = ["中国", "中国大陆", "中华人民共和国", "china", "cn", "chn", "prc"]

    /// Whether `name` names mainland China.
    public static func isChina(_ name: String) -> Bool {
        chinaNames.contains(name.trimmingSpaces.lowercased())
    }
}
