import Testing
@testable import AralCorridors

/// Yen's algorithm on the classic six-vertex example (C…H), whose k shortest paths are known:
/// C-E-F-H 5, C-E-G-H 7, then three of weight 8 (C-D-F-H, C-E-D-F-H, C-E-F-G-H).
@Suite struct PathSearchTests {
    static let names = ["C", "D", "E", "F", "G", "H"]
    static let edges: [(String, String, Double)] = [
        ("C", "D", 3), ("C", "E", 2), ("D", "F", 4), ("E", "D", 1), ("E", "F", 2),
        ("E", "G", 3), ("F", "G", 2), ("F", "H", 1), ("G", "H", 2),
    ]
    static let weightTolerance = 1e-12

    static func graph() -> RoutingGraph {
        let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, Int32($0)) })
        return RoutingGraph(vertexCount: names.count, group: (0..<Int32(names.count)).map { $0 }, groupCount: names.count,
                            tails: edges.map { index[$0.0] ?? -1 }, heads: edges.map { index[$0.1] ?? -1 }, weights: edges.map(\.2))
    }

    static func spelled(_ p: GraphPath) -> String { p.vertices.map { names[Int($0)] }.joined(separator: "-") }

    @Test func kShortestPathsOfTheClassicExample() {
        let paths = PathSearch(graph: Self.graph()).kShortest(from: 0, to: 5, k: 4)
        #expect(paths.count == 4)
        #expect(paths.map(Self.spelled).prefix(2) == ["C-E-F-H", "C-E-G-H"])
        let eights: Set<String> = ["C-D-F-H", "C-E-D-F-H", "C-E-F-G-H"]
        #expect(paths.map(Self.spelled).suffix(2).allSatisfy(eights.contains))
        for (path, expected) in zip(paths, [5.0, 7, 8, 8]) { #expect(abs(path.weight - expected) < Self.weightTolerance) }
    }

    @Test func asksForMoreThanExistAndGetsAllLoopFreePaths() {
        // C to H has exactly 7 loop-free paths in this graph (enumerated by hand):
        // CEFH 5, CEGH 7, CDFH 8, CEDFH 8, CEFGH 8, CDFGH 11, CEDFGH 11.
        let paths = PathSearch(graph: Self.graph()).kShortest(from: 0, to: 5, k: 20)
        #expect(paths.count == 7)
        #expect(paths.map(\.weight).sorted() == [5, 7, 8, 8, 8, 11, 11])
        #expect(Set(paths.map(Self.spelled)).count == 7)
    }

    @Test func unreachableTargetGivesNoPath() {
        #expect(PathSearch(graph: Self.graph()).kShortest(from: 5, to: 0, k: 3).isEmpty)
    }

    @Test func syntheticNetworkPathsAreLoopFreeAndOrdered() {
        let graph = SyntheticCorridorGraph.make(places: 400, segments: 1_200)
        let paths = PathSearch(graph: graph).kShortest(from: 0, to: 399, k: 5)
        #expect(paths.count == 5)
        for (a, b) in zip(paths, paths.dropFirst()) { #expect(a.weight <= b.weight + Self.weightTolerance) }
        for p in paths {
            #expect(Set(p.vertices).count == p.vertices.count)
            let sum = p.arcs.reduce(0.0) { $0 + graph.weight[Int($1)] }
            #expect(abs(sum - p.weight) < 1e-9 * max(1, sum))
            #expect(p.vertices.first == 0 && p.vertices.last == 399)
        }
    }
}
