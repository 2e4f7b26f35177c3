import Foundation

/// Word classes by the exchange algorithm (Kneser and Ney 1993; Martin, Liermann and Ney 1998):
/// maximise the likelihood of a class bigram model by moving one word at a time to the class that
/// raises it most. Frequent words are visited first; ties keep the lowest class index. Words below
/// the count threshold and sentence boundaries share one fixed class that never moves.
///
/// The likelihood, up to constants, is `Σ N(c,d) log N(c,d) − Σ N(c,·) log N(c,·) − Σ N(·,d) log N(·,d)`
/// over class bigram counts `N`; a move changes only two rows and two columns, so each candidate is
/// scored from the word's neighbour classes alone.
struct ExchangeClustering {
    /// Class (0-based) of each vocabulary word, keyed by word hash.
    static func cluster(
        sentences: [[UInt64]], classes: Int, minCount: Int, iterations: Int, log: (String) -> Void
    ) -> [UInt64: Int] {
        // Vocabulary: frequent words, most frequent first (ties by hash).
        var counts: [UInt64: Int] = [:]
        for sentence in sentences { for word in sentence { counts[word, default: 0] += 1 } }
        let vocabulary = counts.filter { $0.value >= minCount }.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map(\.key)
        var id: [UInt64: Int32] = [:]
        for (index, word) in vocabulary.enumerated() { id[word] = Int32(index) }
        let words = vocabulary.count
        let other = Int32(words)  // rare words and boundaries
        let fixed = classes  // their class

        // Bigram counts as sorted (left, right) pairs.
        var pairs: [UInt64] = []
        pairs.reserveCapacity(sentences.reduce(0) { $0 + $1.count + 1 })
        for sentence in sentences {
            var previous = other
            for word in sentence {
                let current = id[word] ?? other
                pairs.append(UInt64(UInt32(previous)) << 32 | UInt64(UInt32(current)))
                previous = current
            }
            pairs.append(UInt64(UInt32(previous)) << 32 | UInt64(UInt32(other)))
        }
        pairs.sort()
        var bigrams: [(left: Int32, right: Int32, count: Int32)] = []
        var index = 0
        while index < pairs.count {
            var end = index + 1
            while end < pairs.count, pairs[end] == pairs[index] { end += 1 }
            bigrams.append((Int32(truncatingIfNeeded: pairs[index] >> 32), Int32(truncatingIfNeeded: pairs[index] & 0xFFFF_FFFF), Int32(end - index)))
            index = end
        }
        pairs = []
        // Per word: successors and predecessors (compressed rows).
        var successorStart = [Int](repeating: 0, count: words + 1)
        var predecessorStart = [Int](repeating: 0, count: words + 1)
        for bigram in bigrams {
            if bigram.left != other { successorStart[Int(bigram.left) + 1] += 1 }
            if bigram.right != other { predecessorStart[Int(bigram.right) + 1] += 1 }
        }
        for word in 0..<words {
            successorStart[word + 1] += successorStart[word]
            predecessorStart[word + 1] += predecessorStart[word]
        }
        var successors = [(Int32, Int32)](repeating: (0, 0), count: successorStart[words])
        var predecessors = [(Int32, Int32)](repeating: (0, 0), count: predecessorStart[words])
        var successorFill = successorStart
        var predecessorFill = predecessorStart
        for bigram in bigrams {
            if bigram.left != other {
                successors[successorFill[Int(bigram.left)]] = (bigram.right, bigram.count)
                successorFill[Int(bigram.left)] += 1
            }
            if bigram.right != other {
                predecessors[predecessorFill[Int(bigram.right)]] = (bigram.left, bigram.count)
                predecessorFill[Int(bigram.right)] += 1
            }
        }

        // Initial classes: frequency rank modulo the number of classes.
        var classOf = [Int](repeating: fixed, count: words + 1)
        for word in 0..<words { classOf[word] = word % classes }
        let width = classes + 1
        var matrix = [Int64](repeating: 0, count: width * width)
        var transposed = [Int64](repeating: 0, count: width * width)
        var rowSum = [Int64](repeating: 0, count: width)
        var columnSum = [Int64](repeating: 0, count: width)
        for bigram in bigrams {
            let c = classOf[Int(bigram.left)], d = classOf[Int(bigram.right)]
            matrix[c * width + d] += Int64(bigram.count)
            transposed[d * width + c] += Int64(bigram.count)
            rowSum[c] += Int64(bigram.count)
            columnSum[d] += Int64(bigram.count)
        }
        bigrams = []

        // x log x, tabulated for small counts.
        let tableSize = 1 << 16
        var table = [Double](repeating: 0, count: tableSize)
        for x in 1..<tableSize { table[x] = Double(x) * Foundation.log(Double(x)) }
        @inline(__always) func f(_ x: Int64) -> Double {
            x < Int64(tableSize) ? table[Int(x)] : Double(x) * Foundation.log(Double(x))
        }

        var successorByClass = [Int64](repeating: 0, count: width)
        var predecessorByClass = [Int64](repeating: 0, count: width)
        var touchedSuccessors: [Int] = []
        var touchedPredecessors: [Int] = []
        for iteration in 1...iterations {
            var moves = 0
            for word in 0..<words {
                // Neighbour classes of the word, with its own self-bigrams apart.
                var selfCount: Int64 = 0
                var leftTotal: Int64 = 0, rightTotal: Int64 = 0
                touchedSuccessors.removeAll(keepingCapacity: true)
                touchedPredecessors.removeAll(keepingCapacity: true)
                for position in successorStart[word]..<successorStart[word + 1] {
                    let (next, count) = successors[position]
                    leftTotal += Int64(count)
                    if Int(next) == word { selfCount += Int64(count); continue }
                    let d = classOf[Int(next)]
                    if successorByClass[d] == 0 { touchedSuccessors.append(d) }
                    successorByClass[d] += Int64(count)
                }
                for position in predecessorStart[word]..<predecessorStart[word + 1] {
                    let (previous, count) = predecessors[position]
                    rightTotal += Int64(count)
                    if Int(previous) == word { continue }
                    let c = classOf[Int(previous)]
                    if predecessorByClass[c] == 0 { touchedPredecessors.append(c) }
                    predecessorByClass[c] += Int64(count)
                }
                touchedSuccessors.sort()
                touchedPredecessors.sort()
                // Take the word out of its class.
                let from = classOf[word]
                func move(_ target: Int, _ sign: Int64) {
                    for d in touchedSuccessors {
                        matrix[target * width + d] += sign * successorByClass[d]
                        transposed[d * width + target] += sign * successorByClass[d]
                    }
                    for c in touchedPredecessors {
                        matrix[c * width + target] += sign * predecessorByClass[c]
                        transposed[target * width + c] += sign * predecessorByClass[c]
                    }
                    matrix[target * width + target] += sign * selfCount
                    transposed[target * width + target] += sign * selfCount
                    rowSum[target] += sign * leftTotal
                    columnSum[target] += sign * rightTotal
                }
                move(from, -1)
                // Score every class; move only for a strictly better one (the first such on ties).
                var best = from
                matrix.withUnsafeBufferPointer { matrix in
                    transposed.withUnsafeBufferPointer { transposed in
                        func gain(_ target: Int) -> Double {
                            var gain = 0.0
                            let row = target * width
                            for d in touchedSuccessors {
                                let n = matrix[row + d]
                                gain += f(n + successorByClass[d]) - f(n)
                            }
                            for c in touchedPredecessors {
                                let n = transposed[row + c]
                                gain += f(n + predecessorByClass[c]) - f(n)
                            }
                            let diagonal = matrix[row + target]
                            let s = successorByClass[target], p = predecessorByClass[target]
                            if s > 0 { gain -= f(diagonal + s) - f(diagonal) }
                            if p > 0 { gain -= f(diagonal + p) - f(diagonal) }
                            gain += f(diagonal + s + p + selfCount) - f(diagonal)
                            gain -= f(rowSum[target] + leftTotal) - f(rowSum[target])
                            gain -= f(columnSum[target] + rightTotal) - f(columnSum[target])
                            return gain
                        }
                        var bestGain = gain(from)
                        for target in 0..<classes where target != from {
                            let candidate = gain(target)
                            if candidate > bestGain + 1e-7 {
                                bestGain = candidate
                                best = target
                            }
                        }
                    }
                }
                move(best, 1)
                if best != from { moves += 1 }
                classOf[word] = best
                for d in touchedSuccessors { successorByClass[d] = 0 }
                for c in touchedPredecessors { predecessorByClass[c] = 0 }
            }
            log("  clusters \(classes): iteration \(iteration), \(moves) of \(words) words moved")
            if moves == 0 { break }
        }
        var result: [UInt64: Int] = [:]
        for (index, word) in vocabulary.enumerated() { result[word] = classOf[index] }
        return result
    }
}
