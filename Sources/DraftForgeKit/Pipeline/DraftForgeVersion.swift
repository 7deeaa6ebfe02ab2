/// The tool's version, printed by `--version` and written into outputs' metadata later.
public enum DraftForgeVersion {
    public static let current = "0.1.0"
}
