import Foundation
import AralModel

/// A model the server can show and run: one of the library's (`--models`) or an upload.
struct CatalogModel: Sendable {
    var record: ModelRecord
    var compiled: UploadedModel.Compiled
    /// Set for a library model: its file, from which runs with scenarios are loaded.
    var library: ModelLibrary.Entry?
    /// CSV files uploaded with the model (uploads only).
    var files: [String: String] = [:]

    /// The scenario overlays a run or plan of this model may name (none for uploads).
    var scenarios: [String] { library?.scenarios ?? [] }
}

/// One lookup for every route and page: the library first (its ids are file names, uploads'
/// are `m-` and 16 hex digits, so they never collide), then the store.
enum ModelCatalog {
    static func model(id: String, state: ServerState) async throws -> CatalogModel? {
        if let entry = state.library.entry(id: id) {
            return CatalogModel(record: entry.record, compiled: entry.compiled, library: entry)
        }
        guard let stored = try await state.store.model(id: id) else { return nil }
        let files = try await state.store.modelFiles(id: id)
        return CatalogModel(record: stored, compiled: try UploadedModel.compile(stored.source, files: files), library: nil, files: files)
    }

    /// The library's models, then the uploads (listings: no source).
    static func records(state: ServerState) async throws -> [ModelRecord] {
        let library = Set(state.library.entries.map(\.id))
        return state.library.entries.map { entry in
            var record = entry.record
            record.source = ""
            return record
        } + (try await state.store.models()).filter { !library.contains($0.id) }
    }

    /// Runs refer to their model in the store (a foreign key), so each library model has a row
    /// there too, written at the first start that serves it. The row only anchors runs: the
    /// library's file is what is shown and run. Another server sharing the database may write
    /// the same row at the same moment; its row is as good as ours.
    static func register(_ library: ModelLibrary, in store: any ServerStore) async throws {
        for entry in library.entries where try await store.model(id: entry.id) == nil {
            var record = entry.record
            record.createdAt = ServerClock.timestamp()
            do { try await store.insertModel(record) } catch {
                guard try await store.model(id: entry.id) != nil else { throw error }
            }
        }
    }
}
