public import Foundation

/// Where an analyzer's model file is, found without `Bundle.module`, which stops the process when
/// its resource bundle has moved.
public enum ModelFile {
    /// The file for `name` in resource bundle `bundle` (SwiftPM names it `<Package>_<Target>`):
    /// the path in environment variable `override` when that is set, else
    /// `<executable directory>/<bundle>.resources/<name>` when that exists, else `nil`, and the caller
    /// asks its own `Bundle.module`.
    public static func located(_ name: String, bundle: String, override: String) -> URL? {
        if let path = ProcessInfo.processInfo.environment[override], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        let besideExecutable = Bundle.main.bundleURL
            .appendingPathComponent("\(bundle).resources", isDirectory: true)
            .appendingPathComponent(name)
        return FileManager.default.fileExists(atPath: besideExecutable.path) ? besideExecutable : nil
    }
}
