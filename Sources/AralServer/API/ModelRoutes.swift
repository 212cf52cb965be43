import Foundation
import Hummingbird
import AralModel
import AralSchema
import HTTPTypes
import HummingbirdCore
import NIOCore

/// `/api/models`: upload, validate, list and get basin models.
///
/// An upload is the model file itself as the body (YAML, JSON or Pywr JSON), named by
/// `?name=` or the file's own `name:`; it is compiled before it is stored, so the store only
/// ever holds models that load. Validation returns the same issues as `aral validate`.
enum ModelRoutes {
    static let acceptedTypes = ["application/yaml", "application/x-yaml", "text/yaml", "application/json", "text/plain"]

    static func add(to router: Router<BasicRequestContext>, state: ServerState) {
        let api = router.group("api/models")
        api.post { request, _ in try await upload(request, state: state) }
        api.post("validate") { request, _ in try await validate(request, state: state) }
        api.get { _, _ in
            try JSONResponse.make(["models": try await ModelCatalog.records(state: state)])
        }
        api.get(":id") { _, context in
            let id = try InputCheck.id(context.parameters.get("id") ?? "", name: "id")
            guard let model = try await ModelCatalog.model(id: id, state: state) else { throw APIError.notFound("model \(id)") }
            return try JSONResponse.make(try ModelView(model.record, compiled: model.compiled, scenarios: model.scenarios))
        }
        api.get(":id/source") { _, context in
            let id = try InputCheck.id(context.parameters.get("id") ?? "", name: "id")
            guard let record = try await ModelCatalog.model(id: id, state: state)?.record else { throw APIError.notFound("model \(id)") }
            return JSONResponse.bytes(Array(record.source.utf8), contentType: record.source.hasPrefix("{") ? "application/json" : "application/yaml")
        }
    }

    /// The body as UTF-8 text, within the size limit and of an accepted content type.
    static func text(_ request: Request, state: ServerState) async throws -> String {
        if let type = request.headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased(),
           !acceptedTypes.contains(type) {
            throw APIError(.unsupportedMediaType, "content type '\(type)' is not a model; send YAML or JSON (\(acceptedTypes.joined(separator: ", ")))")
        }
        let buffer = try await request.body.collect(upTo: state.config.maxBodyBytes)
        guard buffer.readableBytes > 0 else { throw APIError.badRequest("the request body is empty; send the model file as the body") }
        guard let text = String(validating: buffer.readableBytesView, as: UTF8.self) else {
            throw APIError.badRequest("the model is not valid UTF-8 text")
        }
        return text
    }

    static func upload(_ request: Request, state: ServerState) async throws -> Response {
        let caller = try await state.auth.requireParty(request)
        let query = try Query(request, allowed: ["name"])
        let contentType = request.headers[.contentType]
        let (record, compiled): (ModelRecord, UploadedModel.Compiled)
        if let contentType, ModelUploadParts.isMultipart(contentType) {
            // The model with its CSV series: the body's size was bounded as it was read; the
            // model part gets the shape scan other uploads get in front of the router.
            let buffer = try await request.body.collect(upTo: state.config.maxBodyBytes)
            let parts = try ModelUploadParts.parse(buffer, contentType: contentType)
            try DashboardActions.scanModel(parts.model, state: state)
            (record, compiled) = try await store(parts.model, files: parts.files, name: query.string("name") ?? parts.name, owner: caller, state: state)
        } else {
            let source = try await text(request, state: state)
            (record, compiled) = try await store(source, name: query.string("name"), owner: caller, state: state)
        }
        var response = try JSONResponse.make(try ModelView(record, compiled: compiled), status: .created)
        response.headers[.location] = "/api/models/\(record.id)"
        return response
    }

    /// Compiles an upload (as `aral validate` would, reading no file) and stores it: the API's
    /// upload and the dashboard's form both end here.
    static func store(_ source: String, files: [String: String] = [:], name: String?, owner: APIParty,
                      state: ServerState) async throws -> (ModelRecord, UploadedModel.Compiled) {
        let compiled = try UploadedModel.compile(source, files: files, maxCells: state.config.maxModelCells)
        try ModelSizeLimit.check(compiled, config: state.config)
        let name = try InputCheck.name(name.flatMap { $0.isEmpty ? nil : $0 } ?? compiled.name, path: "name")
        let record = ModelRecord(id: InputCheck.randomID(prefix: "m"), name: name, format: compiled.format.rawValue, owner: owner.code,
                                 createdAt: ServerClock.timestamp(), nodeCount: compiled.nodes.count,
                                 stepCount: compiled.stepCount, source: source)
        try await state.store.insertModel(record, files: files)
        return (record, compiled)
    }

    static func validate(_ request: Request, state: ServerState) async throws -> Response {
        _ = try Query(request, allowed: [])
        let source = try await text(request, state: state)
        let compiled = try UploadedModel.compile(source, maxCells: state.config.maxModelCells)
        try ModelSizeLimit.check(compiled, config: state.config)
        struct Valid: Encodable { var valid = true; var name: String; var format: String; var nodes: Int; var edges: Int; var steps: Int }
        return try JSONResponse.make(Valid(name: compiled.name, format: compiled.format.rawValue, nodes: compiled.nodes.count,
                                           edges: compiled.edges.count, steps: compiled.stepCount))
    }
}

/// A model as the API returns it: metadata plus nodes and edges (what a schematic needs). A Pywr
/// model's nodes carry Pywr's type names as `kind` and it has no parties.
struct ModelView: Encodable {
    struct Node: Encodable { var name: String; var kind: String; var owner: String? }
    struct Edge: Encodable { var from: String; var to: String }
    var id: String
    var name: String
    var format: String
    var owner: String
    var createdAt: String
    var steps: Int
    var parties: [PartyDocument]
    /// Scenario overlays a run or plan may name (library models only).
    var scenarios: [String]
    var nodes: [Node]
    var edges: [Edge]

    init(_ record: ModelRecord, compiled: UploadedModel.Compiled? = nil, scenarios: [String] = []) throws {
        let model = try compiled ?? UploadedModel.compile(record.source)
        id = record.id
        name = record.name
        format = record.format
        owner = record.owner
        createdAt = record.createdAt
        steps = model.stepCount
        parties = model.parties
        self.scenarios = scenarios
        nodes = model.nodes.map { Node(name: $0.name, kind: model.typeLabel($0), owner: $0.owner) }
        edges = model.edges.map { Edge(from: $0.from, to: $0.to) }
    }
}
