import AralLedger
@testable import AralServer
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@Suite("OpenAPI document")
struct OpenAPITests {
    @Test("every registered route is in /openapi.json with its method, and every documented route exists")
    func routesMatchDocument() async throws {
        let server = try TestServer()
        defer { server.cleanUp() }
        let state = try await ServerState.open(server.config, logger: Logger(label: "test"))
        let router = buildRouter(state)
        let document = try JSONParser.parse(state.openAPI, source: "openapi.json")
        #expect(document["openapi"]?.stringValue == "3.1.0")
        let paths = try #require(document["paths"]?.objectValue)
        var registered: Set<String> = []
        for route in router.routes {
            let path = route.path.description
            let method = route.method.rawValue.lowercased()
            registered.insert("\(method) \(path)")
            #expect(paths[path]?[method] != nil, "\(route.method) \(path) is not documented in openapi.json")
        }
        for (path, operations) in paths {
            for method in (operations.objectValue ?? [:]).keys {
                #expect(registered.contains("\(method) \(path)"), "openapi.json documents \(method) \(path), which is not a route")
            }
        }
        try await state.store.close()
    }

    @Test("the document is served")
    func served() async throws {
        try await TestServer().test { client in
            let reply = try await client.call(.get, "/openapi.json")
            #expect(reply.status == .ok)
            #expect(reply.json?["info"]?["title"]?.stringValue == "Aral consortium server")
        }
    }
}
