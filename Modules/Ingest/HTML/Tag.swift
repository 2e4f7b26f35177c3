/// The HTML elements extraction tells apart; every other element is ``other``.
public enum Tag: UInt8, Sendable {
    case document, text, other
    case html, head, body, title, meta, link, base, script, style, noscript, template
    case iframe, frame, frameset, svg, math, canvas, object, embed, video, audio, picture, source, img, map
    case figure, figcaption, nav, header, footer, aside, main, article, section, hgroup, address
    case div, span, p, br, hr, h1, h2, h3, h4, h5, h6
    case ul, ol, li, dl, dt, dd, menu
    case table, thead, tbody, tfoot, tr, td, th, caption, colgroup, col
    case blockquote, q, pre, code, a, b, strong, i, em, u, small, sub, sup, time, abbr, cite, mark, s, del, ins
    case wbr, font, center, big, tt, kbd, samp, `var`, dfn, bdi, bdo, data
    case form, input, button, select, textarea, label, fieldset, legend, option, optgroup, output, datalist
    case dialog, details, summary
    case rt, rp

    /// Elements that start a new line of text (a paragraph, a heading, a list item, a cell …).
    public var isBlock: Bool { Self.blocks.contains(self) }

    /// h1 … h6.
    public var isHeading: Bool { self == .h1 || self == .h2 || self == .h3 || self == .h4 || self == .h5 || self == .h6 }

    private static let blocks: TagTable = [
        .html, .head, .body, .title, .figure, .figcaption, .nav, .header, .footer, .aside, .main, .article, .section,
        .hgroup, .address, .div, .p, .hr, .h1, .h2, .h3, .h4, .h5, .h6, .ul, .ol, .li, .dl, .dt, .dd, .menu, .table,
        .thead, .tbody, .tfoot, .tr, .td, .th, .caption, .blockquote, .pre, .form, .fieldset, .legend, .center,
        .dialog, .details, .summary, .iframe, .frame, .frameset, .noscript, .video, .audio, .canvas, .object, .map,
    ]

    /// The tag for a name as libxml2 gives it (lowercased ASCII): a switch on the length, then on the
    /// bytes packed into an integer, so that no dictionary is consulted per element.
    static func from(_ name: UnsafeBufferPointer<UInt8>) -> Tag {
        guard name.count <= 10 else { return .other }
        var key: UInt128 = 0
        for byte in name { key = key << 8 | UInt128(byte) }
        switch name.count {
        case 1:
            switch key {
            case 0x70: return .p  // p
            case 0x71: return .q  // q
            case 0x61: return .a  // a
            case 0x62: return .b  // b
            case 0x69: return .i  // i
            case 0x75: return .u  // u
            case 0x73: return .s  // s
            default: return .other
            }
        case 2:
            switch key {
            case 0x6272: return .br  // br
            case 0x6872: return .hr  // hr
            case 0x6831: return .h1  // h1
            case 0x6832: return .h2  // h2
            case 0x6833: return .h3  // h3
            case 0x6834: return .h4  // h4
            case 0x6835: return .h5  // h5
            case 0x6836: return .h6  // h6
            case 0x756c: return .ul  // ul
            case 0x6f6c: return .ol  // ol
            case 0x6c69: return .li  // li
            case 0x646c: return .dl  // dl
            case 0x6474: return .dt  // dt
            case 0x6464: return .dd  // dd
            case 0x7472: return .tr  // tr
            case 0x7464: return .td  // td
            case 0x7468: return .th  // th
            case 0x656d: return .em  // em
            case 0x7474: return .tt  // tt
            case 0x7274: return .rt  // rt
            case 0x7270: return .rp  // rp
            default: return .other
            }
        case 3:
            switch key {
            case 0x737667: return .svg  // svg
            case 0x696d67: return .img  // img
            case 0x6d6170: return .map  // map
            case 0x6e6176: return .nav  // nav
            case 0x646976: return .div  // div
            case 0x636f6c: return .col  // col
            case 0x707265: return .pre  // pre
            case 0x737562: return .sub  // sub
            case 0x737570: return .sup  // sup
            case 0x64656c: return .del  // del
            case 0x696e73: return .ins  // ins
            case 0x776272: return .wbr  // wbr
            case 0x626967: return .big  // big
            case 0x6b6264: return .kbd  // kbd
            case 0x766172: return .`var`  // var
            case 0x64666e: return .dfn  // dfn
            case 0x626469: return .bdi  // bdi
            case 0x62646f: return .bdo  // bdo
            default: return .other
            }
        case 4:
            switch key {
            case 0x68746d6c: return .html  // html
            case 0x68656164: return .head  // head
            case 0x626f6479: return .body  // body
            case 0x6d657461: return .meta  // meta
            case 0x6c696e6b: return .link  // link
            case 0x62617365: return .base  // base
            case 0x6d617468: return .math  // math
            case 0x6d61696e: return .main  // main
            case 0x7370616e: return .span  // span
            case 0x6d656e75: return .menu  // menu
            case 0x636f6465: return .code  // code
            case 0x74696d65: return .time  // time
            case 0x61626272: return .abbr  // abbr
            case 0x63697465: return .cite  // cite
            case 0x6d61726b: return .mark  // mark
            case 0x666f6e74: return .font  // font
            case 0x73616d70: return .samp  // samp
            case 0x64617461: return .data  // data
            case 0x666f726d: return .form  // form
            default: return .other
            }
        case 5:
            switch key {
            case 0x7469746c65: return .title  // title
            case 0x7374796c65: return .style  // style
            case 0x6672616d65: return .frame  // frame
            case 0x656d626564: return .embed  // embed
            case 0x766964656f: return .video  // video
            case 0x617564696f: return .audio  // audio
            case 0x6173696465: return .aside  // aside
            case 0x7461626c65: return .table  // table
            case 0x7468656164: return .thead  // thead
            case 0x74626f6479: return .tbody  // tbody
            case 0x74666f6f74: return .tfoot  // tfoot
            case 0x736d616c6c: return .small  // small
            case 0x696e707574: return .input  // input
            case 0x6c6162656c: return .label  // label
            default: return .other
            }
        case 6:
            switch key {
            case 0x736372697074: return .script  // script
            case 0x696672616d65: return .iframe  // iframe
            case 0x63616e766173: return .canvas  // canvas
            case 0x6f626a656374: return .object  // object
            case 0x736f75726365: return .source  // source
            case 0x666967757265: return .figure  // figure
            case 0x686561646572: return .header  // header
            case 0x666f6f746572: return .footer  // footer
            case 0x6867726f7570: return .hgroup  // hgroup
            case 0x7374726f6e67: return .strong  // strong
            case 0x63656e746572: return .center  // center
            case 0x627574746f6e: return .button  // button
            case 0x73656c656374: return .select  // select
            case 0x6c6567656e64: return .legend  // legend
            case 0x6f7074696f6e: return .option  // option
            case 0x6f7574707574: return .output  // output
            case 0x6469616c6f67: return .dialog  // dialog
            default: return .other
            }
        case 7:
            switch key {
            case 0x70696374757265: return .picture  // picture
            case 0x61727469636c65: return .article  // article
            case 0x73656374696f6e: return .section  // section
            case 0x61646472657373: return .address  // address
            case 0x63617074696f6e: return .caption  // caption
            case 0x64657461696c73: return .details  // details
            case 0x73756d6d617279: return .summary  // summary
            default: return .other
            }
        case 8:
            switch key {
            case 0x6e6f736372697074: return .noscript  // noscript
            case 0x74656d706c617465: return .template  // template
            case 0x6672616d65736574: return .frameset  // frameset
            case 0x636f6c67726f7570: return .colgroup  // colgroup
            case 0x7465787461726561: return .textarea  // textarea
            case 0x6669656c64736574: return .fieldset  // fieldset
            case 0x6f707467726f7570: return .optgroup  // optgroup
            case 0x646174616c697374: return .datalist  // datalist
            default: return .other
            }
        case 10:
            switch key {
            case 0x66696763617074696f6e: return .figcaption  // figcaption
            case 0x626c6f636b71756f7465: return .blockquote  // blockquote
            default: return .other
            }
        default: return .other
        }
    }
}

/// A set of tags as a table by raw value: membership is one lookup, with no hashing (these sets are
/// asked about every node of every page).
struct TagTable: ExpressibleByArrayLiteral, Sendable {
    private let members: [Bool]

    init(arrayLiteral tags: Tag...) {
        var members = [Bool](repeating: false, count: 256)
        for tag in tags { members[Int(tag.rawValue)] = true }
        self.members = members
    }

    func contains(_ tag: Tag) -> Bool { members[Int(tag.rawValue)] }
}
