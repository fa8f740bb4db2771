/// The unified social credit code (统一社会信用代码, GB 32100-2015) and its check character.
public enum SocialCreditCode {
    /// The 31 characters a code may use (no I, O, S, V, Z), in value order.
    public static let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")

    /// The weight of each of the first 17 positions.
    public static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

    /// What a refused code should look like.
    public static let allowedDescription = Messages.socialCreditCode

    /// The check character for the first 17 characters of a code, or nil if they are not 17 valid characters.
    public static func checkCharacter(for body: String) -> Character? {
        let characters = Array(body)
        guard characters.count == 17 else { return nil }
        var sum = 0
        for (position, character) in characters.enumerated() {
            guard let value = alphabet.firstIndex(of: character) else { return nil }
            sum += value * weights[position]
        }
        return alphabet[(31 - sum % 31) % 31]
    }

    /// Whether `code` is 18 valid characters ending in the right check character (upper case only).
    public static func isValid(_ code: String) -> Bool {
        let characters = Array(code)
        guard characters.count == 18, let check = checkCharacter(for: String(characters[0..<17])) else { return false }
        return characters[17] == check
    }
}
