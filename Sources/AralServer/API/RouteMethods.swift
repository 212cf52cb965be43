import Hummingbird
import HTTPTypes
import Synchronization

/// Which methods each route answers, so that a request for a route with a method it does not
/// take is a 405 naming the ones it does (`Allow`), not a 404 that says the route does not
/// exist. Filled once the router has every route (`buildRouter`), read by `JSONErrorMiddleware`.
final class RouteMethods: Sendable {
    private let routes = Mutex<[(path: RouterPath, method: HTTPRequest.Method)]>([])

    func set(_ routes: [Router<BasicRequestContext>.RouteDescription]) {
        self.routes.withLock { $0 = routes.map { ($0.path, $0.method) } }
    }

    /// The methods of the routes matching `path`, sorted; empty when no route matches it.
    func allowed(path: String) -> [String] {
        let segments = RoutePath.normalized(path).split(separator: "/", omittingEmptySubsequences: true)
        let methods = routes.withLock { routes in routes.filter { Self.matches($0.path, segments) }.map(\.method.rawValue) }
        return Set(methods).sorted()
    }

    static func matches(_ route: RouterPath, _ segments: [Substring]) -> Bool {
        var i = 0
        for element in route.components {
            if element.description == "**" { return true }
            guard i < segments.count, element ~= segments[i] else { return false }
            i += 1
        }
        return i == segments.count
    }
}
