import Foundation
import AralModel
import AralSchema
import AralWorkflows

/// The models a deployment ships (`aral serve --models DIR`, by default the project's
/// `models/` folder): each model file in the folder, loaded as `aral run FILE` loads it
/// (`ModelSource.file` through `ModelLoading`), so its CSV hydrology is read on the server from
/// beside the file, and its scenario overlays (`scenarios/MODEL/*.yaml`) can be applied to a run
/// or a plan. Unlike uploads, these are files of the deployment: loaded once at start, and a
/// broken one stops the server with the loader's messages.
struct ModelLibrary: Sendable {
    struct Entry: Sendable {
        /// The file's name without extension (`syr-darya`): the model's id in the API and pages.
        var id: String
        /// Absolute path of the model file.
        var path: String
        /// Scenario names that `ScenarioOverlay` finds for this model, sorted.
        var scenarios: [String]
        /// The model as the library serves it (no scenario applied).
        var compiled: UploadedModel.Compiled
        /// The file's text (`/api/models/{id}/source`).
        var source: String

        /// The record the API and the pages list, owned by no party.
        var record: ModelRecord {
            ModelRecord(id: id, name: compiled.name, format: compiled.format.rawValue, owner: ModelLibrary.owner, createdAt: "",
                        nodeCount: compiled.nodes.count, stepCount: compiled.stepCount, source: source)
        }
    }

    /// What the pages and the API show as the owner of a library model.
    static let owner = "library"
    static let modelExtensions: Set<String> = ["yaml", "yml", "json"]

    var directory: String?
    var entries: [Entry]

    static let empty = ModelLibrary(directory: nil, entries: [])

    func entry(id: String) -> Entry? { entries.first { $0.id == id } }

    /// Every model file directly in `directory` (not its sub-folders: `scenarios/`,
    /// `hydrology/` and `corridors/` hold other files), in name order.
    static func load(directory: String) throws -> ModelLibrary {
        let absolute = URL(fileURLWithPath: directory).standardizedFileURL.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw LibraryError("--models \(directory): not a directory")
        }
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: absolute).sorted() } catch {
            throw LibraryError("--models \(directory): cannot list the folder: \(error.localizedDescription)")
        }
        var entries: [Entry] = []
        for name in names where modelExtensions.contains((name as NSString).pathExtension.lowercased()) {
            let path = (absolute as NSString).appendingPathComponent(name)
            let id = (name as NSString).deletingPathExtension
            guard (try? InputCheck.id(id, name: "model")) != nil else {
                throw LibraryError("\(path): a library model's file name must be letters, digits and '-' (it is the model's id)")
            }
            let text = try TextFile.read(path) { LibraryError("\(path): \($0)") }
            let loaded: LoadedModel
            do { loaded = try ModelLoading.load(.file(path: path)) } catch {
                throw LibraryError(error.description)
            }
            entries.append(Entry(id: id, path: path, scenarios: scenarioNames(modelPath: path),
                                 compiled: UploadedModel.compiled(loaded, text: text), source: text))
        }
        return ModelLibrary(directory: absolute, entries: entries)
    }

    /// The overlays in `scenarios/MODEL/` beside the model (the folder `ScenarioOverlay`
    /// searches for a model's own scenarios), by name.
    static func scenarioNames(modelPath: String) -> [String] {
        let base = (modelPath as NSString).deletingLastPathComponent
        let model = ((modelPath as NSString).lastPathComponent as NSString).deletingPathExtension
        let folder = ((base as NSString).appendingPathComponent("scenarios") as NSString).appendingPathComponent(model)
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return files.filter { ["yaml", "yml"].contains(($0 as NSString).pathExtension.lowercased()) }
            .map { ($0 as NSString).deletingPathExtension }.sorted()
    }

    struct LibraryError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}

/// Where `aral serve` finds the shipped models when `--models` is not given, and why: the
/// server may be started from the project folder, from elsewhere with the binary in the
/// project's `.build/…/`, or from an installed binary with no project at all.
public enum ModelLibraryLocator {
    public struct Found: Sendable, Equatable {
        public var directory: String
        /// Said in the start-up log (e.g. "models/ in the working directory").
        public var reason: String
    }

    /// The first of: `models/` in `workingDirectory`; `models/` beside a `Package.swift` in a
    /// folder above the executable (a binary built in the project's `.build`); nil when
    /// neither holds a model file.
    public static func locate(workingDirectory: String, executablePath: String?) -> Found? {
        let local = (workingDirectory as NSString).appendingPathComponent("models")
        if holdsModels(local) { return Found(directory: local, reason: "models/ in the working directory \(workingDirectory)") }
        guard let executablePath else { return nil }
        var folder = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
        while folder.path != "/" && !folder.path.isEmpty {
            let candidate = folder.appendingPathComponent("models").path
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path), holdsModels(candidate) {
                return Found(directory: candidate, reason: "models/ of the project \(folder.path) the executable was built in")
            }
            folder.deleteLastPathComponent()
        }
        return nil
    }

    static func holdsModels(_ directory: String) -> Bool {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.contains { ModelLibrary.modelExtensions.contains(($0 as NSString).pathExtension.lowercased()) }
    }
}
