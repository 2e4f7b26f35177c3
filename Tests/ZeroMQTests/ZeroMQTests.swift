import Foundation
import Testing
import ZeroMQ

@Suite struct ZeroMQTests {
    @Test func multipartRoundTripOverInproc() throws {
        let context = try Context()
        let router = try Socket(context, .router)
        try router.bind("inproc://roundtrip")
        let dealer = try Socket(context, .dealer)
        try dealer.connect("inproc://roundtrip")
        #expect(try dealer.send([Array("hello".utf8), [], [0, 1, 2]]))
        var items = [PollItem(readable: router)]
        #expect(try poll(&items, timeoutMilliseconds: 2000) == 1)
        let message = try #require(try router.receive())
        #expect(message.frames.count == 4)  // routing id + 3 frames
        #expect(Array(message.frames.dropFirst()) == [Array("hello".utf8), [], [0, 1, 2]])
        #expect(try router.send([message.frames[0], Array("back".utf8)]))
        var back = [PollItem(readable: dealer)]
        _ = try poll(&back, timeoutMilliseconds: 2000)
        #expect(try dealer.receive()?.frames == [Array("back".utf8)])
        #expect(try dealer.receive() == nil)  // nothing else waiting: returns at once
    }

    @Test func routerMandatoryReportsUnknownPeers() throws {
        let context = try Context()
        let router = try Socket(context, .router)
        try router.setOption(.routerMandatory, Int32(1))
        try router.bind("inproc://mandatory")
        let error = #expect(throws: ZMQError.self) { try router.send([Array("nobody".utf8), [1]]) }
        #expect(error?.isHostUnreachable == true)
    }

    @Test func pollTimesOutAndAWakerWakesIt() async throws {
        let context = try Context()
        let socket = try Socket(context, .pull)
        try socket.bind("inproc://idle")
        let waker = try Waker()
        var items = [PollItem(readable: socket), waker.pollItem]
        #expect(try poll(&items, timeoutMilliseconds: 10) == 0)
        let other = Thread { waker.wake() }
        other.start()
        #expect(try poll(&items, timeoutMilliseconds: 5000) == 1)
        #expect(items[1].isReadable)
        waker.drain()
        var again = [waker.pollItem]
        #expect(try poll(&again, timeoutMilliseconds: 0) == 0)
    }

    @Test func bindingAnEndpointInUseFailsClearly() throws {
        let context = try Context()
        let first = try Socket(context, .router)
        try first.bind("tcp://127.0.0.1:*")
        let endpoint = first.lastEndpoint
        #expect(endpoint.hasPrefix("tcp://127.0.0.1:"))
        let second = try Socket(context, .router)
        let error = #expect(throws: ZMQError.self) { try second.bind(endpoint) }
        #expect(error?.isAddressInUse == true)
        #expect(error?.description.contains("Address already in use") == true)
    }

    @Test func oversizedFramesDisconnectThePeerInsteadOfBeingDelivered() throws {
        let context = try Context()
        let receiver = try Socket(context, .pull)
        try receiver.setOption(.maxMessageSize, Int64(1000))
        try receiver.bind("tcp://127.0.0.1:*")
        let sender = try Socket(context, .push)
        try sender.connect(receiver.lastEndpoint)
        try sender.send([[UInt8](repeating: 1, count: 5000)])
        var items = [PollItem(readable: receiver)]
        #expect(try poll(&items, timeoutMilliseconds: 300) == 0)
    }

    @Test func curveKeys() throws {
        guard ZeroMQLibrary.hasCurve else { return }
        let pair = try CurveKeyPair.generate()
        #expect(pair.publicKey.utf8.count == 40)
        #expect(CurveKeyPair.publicKey(forSecret: pair.secretKey) == pair.publicKey)
        #expect(CurveKeyPair.publicKey(forSecret: "short") == nil)
    }
}
