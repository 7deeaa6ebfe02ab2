import Foundation

/// The bundle that holds the default templates and stylesheets.
public enum TemplateBundle {
    public static var resourceURL: URL { Bundle.module.resourceURL ?? Bundle.module.bundleURL }
}
