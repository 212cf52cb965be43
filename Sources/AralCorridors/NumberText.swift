extension Double {
    /// Shortest text for a number in a message: `5` rather than `5.0`.
    var formatted: String {
        self == rounded() && abs(self) < 1e15 ? String(Int(self)) : String(self)
    }
}
