import Foundation

/// SciPy's `quad` with its defaults (`epsabs = epsrel = 1.49e-8`, `limit = 50`): QUADPACK's
/// QAGS (Piessens, de Doncker-Kapenga, Überhuber, Kahaner, 1983) — 21-point Gauss–Kronrod on
/// the interval, then bisecting the piece with the largest error estimate, with Wynn's
/// epsilon algorithm extrapolating the sequence of sums. Pywr's `interpolatedquadrature`
/// integrates with it; it is reproduced step for step (same rule, same order of
/// subdivision, same stopping tests) because its answer differs from the exact integral by
/// up to its own tolerance (2e-9 relative seen on a piecewise-linear table), more than
/// the cross-validation allows. Indices are 1-based inside, as in the published algorithm.
enum AdaptiveQuadrature {
    static let absoluteTolerance = 1.49e-8
    static let relativeTolerance = 1.49e-8
    static let limit = 50

    private static let epmach = Double.ulpOfOne
    private static let uflow = Double.leastNormalMagnitude
    private static let oflow = Double.greatestFiniteMagnitude

    /// Gauss (10-point) weights and Kronrod (21-point) abscissae and weights on [−1, 1].
    private static let wg = [0.066671344308688137593568809893332, 0.149451349150580593145776339657697,
                             0.219086362515982043995534934228163, 0.269266719309996355091226921569469,
                             0.295524224714752870173892994651338]
    private static let xgk = [0.995657163025808080735527280689003, 0.973906528517171720077964012084452,
                              0.930157491355708226001207180059508, 0.865063366688984510732096688423493,
                              0.780817726586416897063717578345042, 0.679409568299024406234327365114874,
                              0.562757134668604683339000099272694, 0.433395394129247190799265943165784,
                              0.294392862701460198131126603103866, 0.148874338981631210884826001129720, 0]
    private static let wgk = [0.011694638867371874278064396062192, 0.032558162307964727478818972459390,
                              0.054755896574351996031381300244580, 0.075039674810919952767043140916190,
                              0.093125454583697605535065465083366, 0.109387158802297641899210590325805,
                              0.123491976262065851077958109831074, 0.134709217311473325928054001771707,
                              0.142775938577060080797094273138717, 0.147739104901338491374841515972068,
                              0.149445554002916905664936468389821]

    /// The 21-point Kronrod estimate on [a, b] with its error estimate, ∫|f| and ∫|f − mean|.
    static func kronrod21(_ f: (Double) -> Double, _ a: Double, _ b: Double)
        -> (result: Double, error: Double, resabs: Double, resasc: Double) {
        let centre = 0.5 * (a + b), half = 0.5 * (b - a), dhalf = abs(half)
        var fv1 = [Double](repeating: 0, count: 10), fv2 = [Double](repeating: 0, count: 10)
        var resg = 0.0
        let fc = f(centre)
        var resk = wgk[10] * fc
        var resabs = abs(resk)
        for j in 1...5 {
            let jtw = 2 * j - 1  // 0-based index of the 1-based 2j
            let absc = half * xgk[jtw]
            let f1 = f(centre - absc), f2 = f(centre + absc)
            fv1[jtw] = f1; fv2[jtw] = f2
            let sum = f1 + f2
            resg += wg[j - 1] * sum
            resk += wgk[jtw] * sum
            resabs += wgk[jtw] * (abs(f1) + abs(f2))
        }
        for j in 1...5 {
            let jtwm1 = 2 * j - 2  // 0-based index of the 1-based 2j − 1
            let absc = half * xgk[jtwm1]
            let f1 = f(centre - absc), f2 = f(centre + absc)
            fv1[jtwm1] = f1; fv2[jtwm1] = f2
            let sum = f1 + f2
            resk += wgk[jtwm1] * sum
            resabs += wgk[jtwm1] * (abs(f1) + abs(f2))
        }
        let reskh = resk * 0.5
        var resasc = wgk[10] * abs(fc - reskh)
        for j in 0..<10 { resasc += wgk[j] * (abs(fv1[j] - reskh) + abs(fv2[j] - reskh)) }
        let result = resk * half
        resabs *= dhalf
        resasc *= dhalf
        var error = abs((resk - resg) * half)
        if resasc != 0, error != 0 { error = resasc * min(1, pow(200 * error / resasc, 1.5)) }
        if resabs > uflow / (50 * epmach) { error = max(epmach * 50 * resabs, error) }
        return (result, error, resabs, resasc)
    }

    /// Wynn's epsilon algorithm on the table `epstab` (1-based, `n` entries): the
    /// extrapolated limit and its error estimate.
    struct EpsilonTable {
        var epstab = [Double](repeating: 0, count: 53)
        var res3la = [Double](repeating: 0, count: 4)
        var nres = 0

        mutating func extrapolate(_ n: inout Int) -> (result: Double, error: Double) {
            nres += 1
            var abserr = oflow
            var result = epstab[n]
            if n < 3 { return (result, max(abserr, 5 * epmach * abs(result))) }
            let limexp = 50
            epstab[n + 2] = epstab[n]
            let newelm = (n - 1) / 2
            epstab[n] = oflow
            let num = n
            var k1 = n
            var converged = false
            for i in 1...newelm {
                let k2 = k1 - 1, k3 = k1 - 2
                var res = epstab[k1 + 2]
                let e0 = epstab[k3], e1 = epstab[k2], e2 = res
                let e1abs = abs(e1)
                let delta2 = e2 - e1, err2 = abs(delta2), tol2 = max(abs(e2), e1abs) * epmach
                let delta3 = e1 - e0, err3 = abs(delta3), tol3 = max(e1abs, abs(e0)) * epmach
                if !(err2 > tol2 || err3 > tol3) {
                    // e0, e1 and e2 equal to machine accuracy: converged.
                    result = res
                    abserr = err2 + err3
                    converged = true
                    break
                }
                let e3 = epstab[k1]
                epstab[k1] = e1
                let delta1 = e1 - e3, err1 = abs(delta1), tol1 = max(e1abs, abs(e3)) * epmach
                var omit = err1 <= tol1 || err2 <= tol2 || err3 <= tol3
                var ss = 0.0
                if !omit {
                    ss = 1 / delta1 + 1 / delta2 - 1 / delta3
                    omit = !(abs(ss * e1) > 1e-4)
                }
                if omit {
                    n = i + i - 1
                    break
                }
                res = e1 + 1 / ss
                epstab[k1] = res
                k1 -= 2
                let error = err2 + abs(res - e2) + err3
                if error <= abserr {
                    abserr = error
                    result = res
                }
            }
            if converged { return (result, max(abserr, 5 * epmach * abs(result))) }
            // Shift the table.
            if n == limexp { n = 2 * (limexp / 2) - 1 }
            var ib = num % 2 == 0 ? 2 : 1
            for _ in 1...(newelm + 1) {
                let ib2 = ib + 2
                epstab[ib] = epstab[ib2]
                ib = ib2
            }
            if num != n {
                var indx = num - n + 1
                for i in 1...n {
                    epstab[i] = epstab[indx]
                    indx += 1
                }
            }
            if nres < 4 {
                res3la[nres] = result
                abserr = oflow
            } else {
                abserr = abs(result - res3la[3]) + abs(result - res3la[2]) + abs(result - res3la[1])
                res3la[1] = res3la[2]
                res3la[2] = res3la[3]
                res3la[3] = result
            }
            return (result, max(abserr, 5 * epmach * abs(result)))
        }
    }

    /// ∫ₐᵇ f as `scipy.integrate.quad(f, a, b)` returns it.
    static func integrate(_ f: (Double) -> Double, from a: Double, to b: Double) -> Double {
        let epsabs = absoluteTolerance, epsrel = relativeTolerance
        var alist = [Double](repeating: 0, count: limit + 1), blist = alist, rlist = alist, elist = alist
        var iord = [Int](repeating: 0, count: limit + 1)
        alist[1] = a; blist[1] = b
        var ier = 0, ierro = 0
        let first = kronrod21(f, a, b)
        var result = first.result, abserr = first.error
        let defabs = first.resabs, resabs0 = first.resasc
        let dres = abs(result)
        var errbnd = max(epsabs, epsrel * dres)
        var last = 1
        rlist[1] = result; elist[1] = abserr; iord[1] = 1
        if abserr <= 100 * epmach * defabs, abserr > errbnd { ier = 2 }
        if limit == 1 { ier = 1 }
        if ier != 0 || (abserr <= errbnd && abserr != resabs0) || abserr == 0 { return result }

        var table = EpsilonTable()
        table.epstab[1] = result
        var errmax = abserr, maxerr = 1, area = result, errsum = abserr
        abserr = oflow
        var nrmax = 1, numrl2 = 2, ktmin = 0
        var extrap = false, noext = false
        var iroff1 = 0, iroff2 = 0, iroff3 = 0
        var small = 0.0, erlarg = 0.0, ertest = 0.0, correc = 0.0
        var finish = false  // true: sum the pieces (label 115); false: judge the extrapolated result (label 100)

        mainLoop: for l in 2...limit {
            last = l
            let a1 = alist[maxerr], b1 = 0.5 * (alist[maxerr] + blist[maxerr]), a2 = b1, b2 = blist[maxerr]
            let erlast = errmax
            let left = kronrod21(f, a1, b1), right = kronrod21(f, a2, b2)
            let area1 = left.result, error1 = left.error, area2 = right.result, error2 = right.error
            let area12 = area1 + area2, erro12 = error1 + error2
            errsum = errsum + erro12 - errmax
            area = area + area12 - rlist[maxerr]
            if !(left.resasc == error1 || right.resasc == error2) {
                if !(abs(rlist[maxerr] - area12) > 1e-5 * abs(area12) || erro12 < 0.99 * errmax) {
                    if extrap { iroff2 += 1 } else { iroff1 += 1 }
                }
                if last > 10, erro12 > errmax { iroff3 += 1 }
            }
            rlist[maxerr] = area1
            rlist[last] = area2
            errbnd = max(epsabs, epsrel * abs(area))
            if iroff1 + iroff2 >= 10 || iroff3 >= 20 { ier = 2 }
            if iroff2 >= 5 { ierro = 3 }
            if last == limit { ier = 1 }
            if max(abs(a1), abs(b2)) <= (1 + 100 * epmach) * (abs(a2) + 1000 * uflow) { ier = 4 }
            if error2 > error1 {
                alist[maxerr] = a2
                alist[last] = a1
                blist[last] = b1
                rlist[maxerr] = area2
                rlist[last] = area1
                elist[maxerr] = error2
                elist[last] = error1
            } else {
                alist[last] = a2
                blist[maxerr] = b1
                blist[last] = b2
                elist[maxerr] = error1
                elist[last] = error2
            }
            sortErrors(last: last, maxerr: &maxerr, errmax: &errmax, elist: elist, iord: &iord, nrmax: &nrmax)
            if errsum <= errbnd { finish = true; break mainLoop }
            if ier != 0 { break mainLoop }
            if last == 2 {
                small = abs(b - a) * 0.375
                erlarg = errsum
                ertest = errbnd
                table.epstab[2] = area
                continue
            }
            if noext { continue }
            erlarg -= erlast
            if abs(b1 - a1) > small { erlarg += erro12 }
            if !extrap {
                if abs(blist[maxerr] - alist[maxerr]) > small { continue }
                extrap = true
                nrmax = 2
            }
            if ierro != 3, erlarg > ertest {
                // Decrease the error over the larger intervals before extrapolating.
                let jupbnd = last > 2 + limit / 2 ? limit + 3 - last : last
                var bisectLarger = false
                if nrmax <= jupbnd {
                    for _ in nrmax...jupbnd {
                        maxerr = iord[nrmax]
                        errmax = elist[maxerr]
                        if abs(blist[maxerr] - alist[maxerr]) > small { bisectLarger = true; break }
                        nrmax += 1
                    }
                }
                if bisectLarger { continue }
            }
            // Extrapolate.
            numrl2 += 1
            table.epstab[numrl2] = area
            let (reseps, abseps) = table.extrapolate(&numrl2)
            ktmin += 1
            if ktmin > 5, abserr < 1e-3 * errsum { ier = 5 }
            if abseps < abserr {
                ktmin = 0
                abserr = abseps
                result = reseps
                correc = erlarg
                ertest = max(epsabs, epsrel * abs(reseps))
                if abserr <= ertest { break mainLoop }
            }
            if numrl2 == 1 { noext = true }
            if ier == 5 { break mainLoop }
            maxerr = iord[1]
            errmax = elist[maxerr]
            nrmax = 1
            extrap = false
            small *= 0.5
            erlarg = errsum
        }

        // Label 100: keep the extrapolated result unless the plain sum is better.
        if !finish {
            if abserr == oflow {
                finish = true
            } else if ier + ierro != 0 {
                if ierro == 3 { abserr += correc }
                if ier == 0 { ier = 3 }
                if result != 0, area != 0 {
                    if abserr / abs(result) > errsum / abs(area) { finish = true }
                } else if abserr > errsum {
                    finish = true
                } else if area == 0 {
                    return result
                }
            }
            // QUADPACK's divergence test only sets the error flag: the extrapolated result stands.
            if !finish { return result }
        }
        // Label 115: the sum over the pieces.
        var sum = 0.0
        for k in 1...last { sum += rlist[k] }
        return sum
    }

    /// Keeps `iord` pointing at the pieces in decreasing order of error estimate and
    /// selects the `nrmax`-th largest to bisect next.
    static func sortErrors(last: Int, maxerr: inout Int, errmax: inout Double, elist: [Double], iord: inout [Int], nrmax: inout Int) {
        defer {
            maxerr = iord[nrmax]
            errmax = elist[maxerr]
        }
        if last <= 2 {
            iord[1] = 1
            iord[2] = 2
            return
        }
        let errmaxHere = elist[maxerr]
        if nrmax > 1 {
            for _ in 1...(nrmax - 1) {
                let isucc = iord[nrmax - 1]
                if errmaxHere <= elist[isucc] { break }
                iord[nrmax] = isucc
                nrmax -= 1
            }
        }
        let jupbn = last > limit / 2 + 2 ? limit + 3 - last : last
        let errmin = elist[last]
        let jbnd = jupbn - 1
        let ibeg = nrmax + 1
        var i = ibeg
        var inserted = false
        if ibeg <= jbnd {
            while i <= jbnd {
                let isucc = iord[i]
                if errmaxHere >= elist[isucc] { inserted = true; break }
                iord[i - 1] = isucc
                i += 1
            }
        }
        if !inserted {
            iord[jbnd] = maxerr
            iord[jupbn] = last
            return
        }
        // Insert errmin bottom-up.
        iord[i - 1] = maxerr
        var k = jbnd
        for _ in i...jbnd {
            let isucc = iord[k]
            if errmin < elist[isucc] {
                iord[k + 1] = last
                return
            }
            iord[k + 1] = isucc
            k -= 1
        }
        iord[i] = last
    }
}
