/// Every way the ledger refuses input or detects a fault. Each case renders as one line that names
/// where the problem is (file, entry index or field) so that the CLI can print it as is.
public enum LedgerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Malformed JSON or an entry field with the wrong shape; `source` is a file name or "entry N".
    case invalidField(source: String, field: String, reason: String)
    /// Syntactically broken JSON.
    case malformedJSON(source: String, offset: Int, reason: String)
    /// A signature that does not verify, is missing, or comes from someone without authority.
    case unauthorized(entry: String, reason: String)
    /// An entry that is well formed and signed but contradicts the ledger's state (unknown reference…).
    case rejected(entry: String, reason: String)
    /// A key file that cannot be used.
    case invalidKey(source: String, reason: String)
    /// The store could not be opened, read or written.
    case storage(String)
    /// The ledger has no genesis entry yet (or already has one).
    case notInitialized(String)
    case alreadyInitialized(String)
    /// Verification of an export failed at `location` (e.g. "entry 17", "head at size 40").
    case verificationFailed(location: String, reason: String)
    /// A proof request outside the log.
    case invalidProofRequest(String)

    public var description: String {
        switch self {
        case let .invalidField(source, field, reason): "\(source): field '\(field)': \(reason)"
        case let .malformedJSON(source, offset, reason): "\(source): malformed JSON at byte \(offset): \(reason)"
        case let .unauthorized(entry, reason): "\(entry): refused: \(reason)"
        case let .rejected(entry, reason): "\(entry): refused: \(reason)"
        case let .invalidKey(source, reason): "\(source): unusable key: \(reason)"
        case let .storage(message): "ledger storage: \(message)"
        case let .notInitialized(message): "ledger not initialized: \(message)"
        case let .alreadyInitialized(message): "ledger already initialized: \(message)"
        case let .verificationFailed(location, reason): "verification failed at \(location): \(reason)"
        case let .invalidProofRequest(message): "invalid proof request: \(message)"
        }
    }
}
