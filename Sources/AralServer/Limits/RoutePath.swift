/// The path a request is matched by in the limits in front of the routes (`InputLimitsMiddleware`,
/// `RateLimitedResponder`): one trailing `/` dropped, so `/api/models/` is limited as
/// `/api/models` is. One rule for both, so the two cannot come to disagree on a path.
enum RoutePath {
    static func normalized(_ path: String) -> String {
        path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }
}
