import Testing
import AralModel
import AralPywr

/// Pywr's yearly timestep (`"timestep": "Y"`, pandas year periods) and inline data frames
/// (`"data"`), as in Pywr's `issue1110-df-scenario-combinations.json`.
@Suite("Pywr yearly steps and inline data frames")
struct PywrYearlyStepTests {
    static func model(timestep: String, start: String, end: String, data: String) -> String {
        """
        {
          "metadata": {"title": "yearly", "minimum_version": "0.1"},
          "timestepper": {"start": "\(start)", "end": "\(end)", "timestep": "\(timestep)"},
          "nodes": [{"name": "catchment1", "type": "catchment", "flow": "inflow"},
                    {"name": "reservoir1", "type": "Storage", "initial_volume": 50, "max_volume": 1e9},
                    {"name": "demand1", "type": "Output", "max_flow": 0}],
          "edges": [["catchment1", "reservoir1"], ["reservoir1", "demand1"]],
          "parameters": {"inflow": {"type": "dataframe", "parse_dates": true, "data": \(data)}}
        }
        """
    }

    @Test("'Y' steps are calendar years of 365 or 366 days; a year's inflow fills the store for every day of it")
    func yearlySteps() throws {
        let json = Self.model(timestep: "Y", start: "2025-01-01", end: "2028-06-30", data: """
            {"0": {"2025-01-01": 1, "2026-01-01": 2, "2027-01-01": 3, "2028-01-01": 4}}
            """)
        let r = try runPywr(json)
        #expect(r.steps.map(\.date.description) == ["2025-01-01", "2026-01-01", "2027-01-01", "2028-01-01"])
        #expect(r.steps.map(\.days) == [365, 365, 365, 366])
        // 50 + 1·365, + 2·365, + 3·365, + 4·366 (2028 is a leap year).
        #expect(matches(r.volume("reservoir1"), [415.0, 1145, 2240, 3704]))
        #expect(matches(r.flow("catchment1"), [1.0, 2, 3, 4]))
    }

    @Test("'Y-JUN' periods end in June, as pandas' period_range makes them")
    func anchoredYears() throws {
        let json = Self.model(timestep: "Y-JUN", start: "2024-03-01", end: "2025-01-01", data: """
            {"0": {"2023-07-01": 1, "2024-07-01": 1}}
            """)
        let model = try compilePywr(json)
        // Pywr 1.31: Timestepper("2024-03-01", "2025-01-01", "Y-JUN") gives 2023-07-01 (366 days)
        // and 2024-07-01 (365 days).
        #expect(model.network.steps.map(\.date.description) == ["2023-07-01", "2024-07-01"])
        #expect(model.network.steps.map(\.days) == [366, 365])
    }

    @Test("an inline data frame with a scenario: each member reads its own column")
    func inlineScenarioColumns() throws {
        let json = """
        {
          "metadata": {"title": "yearly", "minimum_version": "0.1"},
          "timestepper": {"start": "2025-01-01", "end": "2026-01-01", "timestep": "Y"},
          "scenarios": [{"name": "A", "size": 2}],
          "scenario_combinations": [[1]],
          "nodes": [{"name": "catchment1", "type": "catchment", "flow": "inflow"},
                    {"name": "demand1", "type": "Output", "cost": -1}],
          "edges": [["catchment1", "demand1"]],
          "parameters": {"inflow": {"type": "dataframe", "parse_dates": true, "scenario": "A",
                                    "data": {"0": {"2025-01-01": 10, "2026-01-01": 11},
                                             "1": {"2025-01-01": 20, "2026-01-01": 21}}}}
        }
        """
        // The first (only) combination is member 1: the second column.
        let r = try runPywr(json)
        #expect(matches(r.flow("demand1"), [20.0, 21]))
    }

    @Test("a non-number in inline data is an error at its key path")
    func inlineDataError() throws {
        let json = Self.model(timestep: "Y", start: "2025-01-01", end: "2025-12-31", data: """
            {"0": {"2025-01-01": "lots"}}
            """)
        #expect { _ = try compilePywr(json) } throws: { "\($0)".contains("not a number") && "\($0)".contains("data") }
    }
}
