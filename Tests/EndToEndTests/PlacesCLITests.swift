import ArticleModel
import Foundation
import Testing

extension EndToEnd {
    /// The places worker and `byline eval geo`, through the built executable.
    @Suite struct PlacesCLITests {
        @Test func aMissingOrCorruptGazetteerStopsTheWorkerAtStartSayingWhy() throws {
            let directory = Paths.temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let corrupt = directory + "/gazetteer.bin"
            try Data("BYLGAZ01 but nothing else".utf8).write(to: URL(fileURLWithPath: corrupt))
            for (path, message) in [(directory + "/missing.bin", "cannot read the gazetteer"), (corrupt, "is corrupt")] {
                let child = try Child(
                    Paths.byline, ["worker", "places", "--connect", "ipc://\(directory)/nobody.sock"],
                    environment: ["BYLINE_GAZETTEER": path])
                let status = child.wait(seconds: 30)
                #expect(status != 0)
                #expect(child.standardError.contains(message), "\(child.standardError)")
                #expect(child.standardError.contains(path))
            }
        }

        @Test func evalGeoWritesOneLinePerToponymAndScores() throws {
            let directory = Paths.temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let xml = """
                <?xml version="1.0" encoding="utf-8"?>
                <articles><article docid="d1"><text><![CDATA[Police in Paris, Texas, and in Dallas said so.]]></text>
                <toponyms>
                <toponym><start>10</start><end>15</end><phrase>Paris</phrase>
                <gaztag geonameid="4717560"><lat>33.66094</lat><lon>-95.55551</lon></gaztag></toponym>
                <toponym><start>17</start><end>22</end><phrase>Texas</phrase>
                <gaztag geonameid="4736286"><lat>31.25044</lat><lon>-99.25061</lon></gaztag></toponym>
                <toponym><start>31</start><end>37</end><phrase>Dallas</phrase>
                <gaztag geonameid="4684888"><lat>32.78306</lat><lon>-96.80667</lon></gaztag></toponym>
                </toponyms></article></articles>
                """
            let file = directory + "/mini.xml"
            try Data(xml.utf8).write(to: URL(fileURLWithPath: file))
            let result = try run(Paths.byline, ["eval", "geo", file, "--gold-spans"])
            #expect(result.status == 0, "\(result.err)")
            let lines = result.out.split(separator: "\n")
            #expect(lines.count == 3)
            for line in lines {
                let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                #expect(Set(object.keys) == ["doc", "start", "end", "geonameid", "lat", "lon"])
                #expect(object["doc"] as? String == "d1")
                #expect(object["geonameid"] is String)
            }
            #expect(lines.first?.contains("\"start\": 10, \"end\": 15") == true)
            #expect(result.err.contains("accuracy@161km 1.0000"), "\(result.err)")
            #expect(result.err.contains("AUC"))
        }
    }
}
