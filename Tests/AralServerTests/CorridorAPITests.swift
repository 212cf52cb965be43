import Foundation
import AralLedger
@testable import AralServer
import Hummingbird
import HummingbirdTesting
import Testing

/// Corridor API and page over the repository's Central Asia model and its demand file.
@Suite("Corridors")
struct CorridorAPITests {
    static var modelPath: String {
        Repository.root.appendingPathComponent("models/corridors/central-asia.yaml").path
    }

    static func server() throws -> TestServer {
        var server = try TestServer()
        server.config.corridorModels = [modelPath]
        return server
    }

    @Test("models are listed; places and segments are served")
    func network() async throws {
        try await Self.server().test { client in
            let list = try await client.call(.get, "/api/corridors")
            #expect(list.status == .ok)
            #expect(list.json?["corridors"]?[0]?["id"] == .string("central-asia"), "\(list.text)")
            #expect(list.json?["corridors"]?[0]?["demandFile"] == .string("central-asia.demand.csv"))
            let one = try await client.call(.get, "/api/corridors/central-asia")
            #expect((one.json?["places"]?.arrayValue?.count ?? 0) > 10)
            #expect(one.json?["segments"]?.arrayValue?.contains { $0["id"]?.stringValue != nil && $0["enabled"] == .bool(false) } == true,
                    "the planned links are switched off in the base network")
            let missing = try await client.call(.get, "/api/corridors/nowhere")
            #expect(missing.status == .notFound)
        }
    }

    @Test("routes between two places, with their breakdown; bad places are 422s naming the parameter")
    func routes() async throws {
        try await Self.server().test { client in
            let reply = try await client.call(.get, "/api/corridors/central-asia/routes?from=urumqi&to=kars&k=3")
            #expect(reply.status == .ok, "\(reply.text)")
            let routes = reply.json?["routes"]?.arrayValue ?? []
            #expect(!routes.isEmpty && routes.count <= 3)
            #expect(routes.first?["places"]?[0] == .string("urumqi"))
            #expect(routes.first?["places"]?.arrayValue?.last == .string("kars"))
            // Best first, by time (hours).
            let weights = routes.compactMap { r -> Double? in
                if case .number(let n)? = r["weight"] { return Double(n) }
                return nil
            }
            #expect(weights.count == routes.count)
            #expect(weights == weights.sorted(), "\(weights)")
            let byCost = try await client.call(.get, "/api/corridors/central-asia/routes?from=urumqi&to=kars&k=1&by=cost")
            #expect(byCost.status == .ok)
            #expect(byCost.json?["metric"]?.stringValue?.contains("cost") == true, "\(byCost.text)")

            let typo = try await client.call(.get, "/api/corridors/central-asia/routes?from=urumqi&to=karss")
            #expect(typo.status == .unprocessableContent)
            #expect(typo.errorPath == "to")
            #expect(typo.errorMessage.contains("did you mean 'kars'"), "\(typo.text)")
            let noFrom = try await client.call(.get, "/api/corridors/central-asia/routes?to=kars")
            #expect(noFrom.status == .badRequest)
            #expect(noFrom.errorPath == "from")
            let badBy = try await client.call(.get, "/api/corridors/central-asia/routes?from=urumqi&to=kars&by=speed")
            #expect(badBy.status == .badRequest)
            #expect(badBy.errorPath == "by")
            let badK = try await client.call(.get, "/api/corridors/central-asia/routes?from=urumqi&to=kars&k=0")
            #expect(badK.status == .badRequest)
            #expect(badK.errorPath == "k")
            let hugeK = try await client.call(.get, "/api/corridors/central-asia/routes?from=urumqi&to=kars&k=99999999999999999999")
            #expect(hugeK.status == .badRequest && hugeK.errorPath == "k")
            #expect(hugeK.errorMessage.contains("is larger than"), "a count too large is not 'not a non-negative integer': \(hugeK.text)")
            // Found from outside: 1e300 reached the assignment LP as a cost CLP cannot take (a 500);
            // 1e307 overflowed a route's cost ("separate parts of the network").
            for path in ["/api/corridors/central-asia/assignment?by=generalized&valueOfTime=1e300",
                         "/api/corridors/central-asia/routes?from=urumqi&to=kars&by=generalized&valueOfTime=1e307"] {
                let huge = try await client.call(.get, path)
                #expect(huge.status == .badRequest, "\(path): \(huge.text)")
                #expect(huge.errorPath == "valueOfTime", "\(huge.text)")
            }
        }
    }

    @Test("the model's own demand is assigned with bottlenecks; a posted CSV too, and its errors name line and column")
    func assignment() async throws {
        try await Self.server().test { client in
            let own = try await client.call(.get, "/api/corridors/central-asia/assignment")
            #expect(own.status == .ok, "\(own.text)")
            let demand = own.json?["demandTonnes"]
            #expect(demand != nil && demand != .number("0"))
            #expect(own.json?["bottlenecks"]?.arrayValue != nil)
            #expect((own.json?["segments"]?.arrayValue?.count ?? 0) > 0)

            // 50 Mt/yr from Urumqi to Kars cannot all pass BTK (1 Mt/yr). Unserved volume costs more
            // than any route (`CorridorAssignment`), so the LP carries what the network can and
            // reports the rest as unserved for this one pair; the capacities that stop more from
            // passing bind, each with a positive shadow price (one more tonne of capacity saves
            // the unserved cost less the route's).
            let demandTonnes = 50e6
            let csv = "origin,destination,mtPerYear\nurumqi,kars,50\n"
            let posted = try await client.call(.post, "/api/corridors/central-asia/assignment", body: csv, contentType: "text/csv")
            #expect(posted.status == .ok, "\(posted.text)")
            let context = String(posted.text.prefix(600))
            let unserved = posted.json?["unserved"]?.arrayValue ?? []
            #expect(unserved.count == 1, "\(context)")
            #expect(unserved.first?["origin"]?.stringValue == "urumqi" && unserved.first?["destination"]?.stringValue == "kars", "\(context)")
            let short = unserved.first?["tonnesPerYear"]?.doubleValue ?? 0
            #expect(short > 0 && short < demandTonnes, "unserved \(short) t of \(demandTonnes): \(context)")
            #expect(posted.json?["unservedTonnes"]?.doubleValue == short, "\(context)")
            let binding = posted.json?["bottlenecks"]?.arrayValue ?? []
            #expect(!binding.isEmpty, "\(context)")
            #expect(binding.allSatisfy { ($0["shadowPricePerTonne"]?.doubleValue ?? 0) > 0 }, "\(context)")

            let bad = try await client.call(.post, "/api/corridors/central-asia/assignment", body: "origin,destination,mtPerYear\nurumqi,nowhere,1\n", contentType: "text/csv")
            #expect(bad.status == .unprocessableContent)
            let issue = bad.json?["error"]?["issues"]?[0]
            #expect(issue?["line"] == .number("2"), "\(bad.text)")
            #expect(issue?["path"] == .string("destination"))
        }
    }

    @Test("the corridor page shows the schematic, the bottleneck table and a route; every name is escaped")
    func page() async throws {
        try await Self.server().test { client in
            let list = try await client.call(.get, "/corridors")
            #expect(list.status == .ok)
            #expect(list.text.contains("href=\"/corridors/central-asia\""))
            let page = try await client.call(.get, "/corridors/central-asia?from=urumqi&to=kars")
            #expect(page.status == .ok, "\(page.text.prefix(400))")
            #expect(page.text.contains("class=\"schematic corridor\""))
            #expect(page.text.contains("Bottlenecks"))
            #expect(page.text.contains("class=\"routes\""))
            #expect(page.text.contains("class=\"seg"))
            let wrong = try await client.call(.get, "/corridors/central-asia?from=urumqi&to=%3Cscript%3E")
            #expect(wrong.status == .ok)
            #expect(!wrong.text.contains("<script>"))
            #expect(wrong.text.contains("unknown place"))
        }
    }

    @Test("without corridor models the list is empty and the page says how to add one")
    func none() async throws {
        try await TestServer().test { client in
            let list = try await client.call(.get, "/api/corridors")
            #expect(list.json?["corridors"]?.arrayValue?.isEmpty == true)
            let page = try await client.call(.get, "/corridors")
            #expect(page.text.contains("--corridors"))
        }
    }

    @Test("a broken corridor model stops the server at start with the loader's message")
    func broken() async throws {
        var server = try TestServer()
        defer { server.cleanUp() }
        let file = server.directory.appendingPathComponent("bad.yaml")
        try "name: bad\nnodes:\n  - {id: a, kind: nonsense}\n".write(to: file, atomically: true, encoding: .utf8)
        server.config.corridorModels = [file.path]
        await #expect(throws: CorridorCatalog.StartupError.self) { _ = try await buildApplication(server.config) }
    }
}

