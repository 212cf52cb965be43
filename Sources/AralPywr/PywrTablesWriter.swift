/// Pywr's `TablesRecorder` output (HDF5).
enum PywrTablesWriter {
    static func write(_ file: PywrResultFile, ensemble: [PywrResults]) throws(PywrResultFileWriter.WriteError) {
        throw PywrResultFileWriter.WriteError(description: "recorder '\(file.recorder)': HDF5 output is not available")
    }
}
