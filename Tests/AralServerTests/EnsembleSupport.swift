import Foundation
@testable import AralServer
import AralLedger
import AralEnsemble
import AralModel
import AralWorkflows
import HummingbirdTesting
import HTTPTypes
import Testing

/// What the ensemble tests compare against: the same ensemble run by `EnsembleWorkflow` called
/// directly (what `aral run MODEL --traces FILE` calls), on traces made as
/// `aral hydrology generate --history models/hydrology/syr-darya.csv --start 1990-01` makes them.
enum EnsembleReference {
    static var syrDarya: String { ShippedModels.directory + "/syr-darya.yaml" }
    static var history: String { ShippedModels.directory + "/hydrology/syr-darya.csv" }

    /// Traces as the CLI's generator writes them, in a fresh temporary file.
    static func tracesFile(count: Int, years: Int, seed: UInt64) throws -> String {
        let record = try MonthlyRecord.read(path: history)
        let set = TraceSet.generate(ThomasFieringModel(fitting: record), count: count, seed: seed,
                                    start: CivilDate(year: 1990, month: 1, day: 1), months: years * 12)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("aral-ensemble-test-\(UUID().uuidString).csv").path
        try set.write(to: path)
        return path
    }

    /// The statistics `EnsembleWorkflow` gives for `traces` over the first `years` years.
    static func rows(traces: String, years: Int?, scenarios: [String] = []) async throws -> [EnsembleRunSummary.Row] {
        let request = EnsembleWorkflow.Request(model: syrDarya, scenarios: scenarios, traces: traces, workers: 1, years: years)
        let (_, outcome) = try await EnsembleWorkflow.run(request)
        return EnsembleRunSummary(outcome, workers: 1).rows
    }

    /// Two statistic lists are the same rows with the same values, bit for bit (the summary is
    /// computed in member order however the members ran); a statistic without a value (NaN)
    /// matches only another one.
    static func same(_ a: [EnsembleRunSummary.Row], _ b: [EnsembleRunSummary.Row]) -> Bool {
        guard a.count == b.count else { return false }
        return zip(a, b).allSatisfy { x, y in
            x.group == y.group && x.element == y.element && x.kind == y.kind && x.statistic == y.statistic && x.members == y.members
                && (x.value == y.value || (x.value.isNaN && y.value.isNaN))
        }
    }

    /// The server's stored statistics of ensemble `id`.
    static func served(_ client: any TestClientProtocol, _ id: String) async throws -> [EnsembleRunSummary.Row] {
        let summary = try await client.call(.get, "/api/runs/\(id)/summary")
        #expect(summary.status == .ok, "\(summary.text.prefix(300))")
        return try EnsembleRunSummary.decode(summary.text).rows
    }

    static func server(memberStepLimit: Int? = nil) throws -> TestServer {
        var server = try TestServer.withShippedLibrary(maxBodyBytes: 4 << 20)
        if let memberStepLimit { server.config.maxEnsembleMemberSteps = memberStepLimit }
        return server
    }

    static let boundary = "aral-ensemble-boundary-51d2"

    /// A `multipart/form-data` body: `(field, file name or nil, text)` per part.
    static func multipart(_ parts: [(String, String?, String)]) -> String {
        var body = ""
        for (field, file, text) in parts {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(field)\"\(file.map { "; filename=\"\($0)\"" } ?? "")\r\n\r\n\(text)\r\n"
        }
        return body + "--\(boundary)--\r\n"
    }
}
