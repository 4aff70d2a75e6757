/*
 * heat_demo: Kestrel's main demonstration (./build.sh demo).
 *
 * A Crank-Nicolson heat simulation on the unit square (reference sor.md E2)
 * whose diffusivity swings between 0 and 10 five times, so the linear
 * systems alternate between trivial and hard.  Every time step is one
 * SSOR-preconditioned CG solve (Eisenstat form), and ChebCB learns the
 * relaxation parameter omega online from the iteration counts alone, using
 * the diffusivity as context.  No eigenvalues, no tuning runs.
 *
 * To show what that buys, every step is also solved from the same state with
 * all 20 grid values of omega (in parallel): that gives omega = 1, the best
 * fixed omega in hindsight and the per-step oracle, and lets a context-free
 * Tsallis-INF bandit play along on the same systems.  KES_TUNER_AUTO, the
 * recommended tuner, sees each step's matrix (kes_tuner_set_system) and
 * solves every step once more from the same state with the omega it
 * chooses.  The trajectory follows ChebCB's own solves.  Finally ChebCB's run is repeated alone and timed
 * against plain CG.
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime, fileno */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h> /* isatty */
#ifdef _OPENMP
#include <omp.h>
#endif

#include "example_cli.h"
#include "heat_problem.h"

#define NARM 20

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

static void usage(FILE *f)
{
    fputs("usage: heat_demo [options]\n"
          "Heat equation u_t = kappa(t) Laplace u + f on [0,1]^2 (Crank-Nicolson, dt = 1e-3), one SSOR-PCG\n"
          "solve per step, omega learned online by ChebCB from iteration counts (context: kappa).\n"
          "  --nx N            grid intervals per side, N in [3, 2000], n = (N-1)^2 unknowns\n"
          "                    (default 100: n = 9801)\n"
          "  --steps T         time steps, T in [1, 1000000] (default 3000: three periods of kappa,\n"
          "                    1-4 minutes on 2 cores; 5000 is the reference protocol of bench_e2,\n"
          "                    1000 a quick look)\n"
          "  --seed S          seed of the tuners' random streams, S in [0, 2^64-1] (default 1)\n"
          "  --no-cg           skip the wall-clock comparison with plain CG\n"
          "  --out PREFIX      write PREFIX.dat, PREFIX.gp and PREFIX.png (default heat_demo)\n"
          "  --no-plot         do not call gnuplot\n"
          "  --load-tuner F    start ChebCB from a state saved earlier (continue learning)\n"
          "  --save-tuner F    save ChebCB's state at the end\n"
          "  --quiet           no progress line (it is shown only when stderr is a terminal;\n"
          "                    redirected to a file, stderr stays empty)\n"
          "  --help            this text\n"
          "Threads: the 20 comparison solves per step run in parallel (OMP_NUM_THREADS).\n",
          f);
}

#define SYNOPSIS "[--nx N] [--steps T] [--seed S] [--out PREFIX] [options]"

int main(int argc, char **argv)
{
    int nx = 100, T = 3000, do_cg = 1, do_plot = 1, quiet = 0;
    uint64_t seed = 1;
    const char *out = "heat_demo", *load = NULL, *save = NULL;
    example_prog = "heat_demo";
    enum { O_NX = 256, O_STEPS, O_SEED, O_OUT, O_LOAD, O_SAVE, O_NO_CG, O_NO_PLOT, O_QUIET };
    static const struct option longopts[] = {
        {"nx", required_argument, NULL, O_NX},
        {"steps", required_argument, NULL, O_STEPS},
        {"seed", required_argument, NULL, O_SEED},
        {"out", required_argument, NULL, O_OUT},
        {"load-tuner", required_argument, NULL, O_LOAD},
        {"save-tuner", required_argument, NULL, O_SAVE},
        {"no-cg", no_argument, NULL, O_NO_CG},
        {"no-plot", no_argument, NULL, O_NO_PLOT},
        {"quiet", no_argument, NULL, O_QUIET},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    opterr = 0;
    int opt;
    int64_t v;
    while ((opt = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (opt) {
        case 'h':
            usage(stdout);
            return 0;
        case O_NX:
            if (parse_int64("--nx", optarg, 3, 2000, &v)) return cli_usage_hint(SYNOPSIS);
            nx = (int)v;
            break;
        case O_STEPS:
            if (parse_int64("--steps", optarg, 1, 1000000, &v)) return cli_usage_hint(SYNOPSIS);
            T = (int)v;
            break;
        case O_SEED:
            if (parse_uint64("--seed", optarg, 0, UINT64_MAX, &seed)) return cli_usage_hint(SYNOPSIS);
            break;
        case O_OUT: out = optarg; break;
        case O_LOAD: load = optarg; break;
        case O_SAVE: save = optarg; break;
        case O_NO_CG: do_cg = 0; break;
        case O_NO_PLOT: do_plot = 0; break;
        case O_QUIET: quiet = 1; break;
        default:
            cli_getopt_error(opt, argv, longopts);
            return cli_usage_hint(SYNOPSIS);
        }
    }
    if (optind < argc) {
        fprintf(stderr, "heat_demo: unexpected argument '%s'\n", argv[optind]);
        return cli_usage_hint(SYNOPSIS);
    }
    if (!*out) {
        fprintf(stderr, "heat_demo: --out: the prefix is empty\n");
        return cli_usage_hint(SYNOPSIS);
    }

    /* Carriage-return progress belongs on a terminal only: in a log file it
     * would be one endless line. */
    if (!isatty(fileno(stderr))) quiet = 1;

    heat_problem hp;
    if (heat_init(&hp, nx, 1e-3)) {
        fprintf(stderr, "heat_demo: cannot assemble the problem\n");
        return 1;
    }
    const int64_t n = hp.n;
    double *u = malloc(sizeof(double) * n), *b = malloc(sizeof(double) * n);
    double *xs = malloc(sizeof(double) * n * NARM);
    double *it = malloc(sizeof(double) * (size_t)T * NARM), *kap = malloc(sizeof(double) * T);
    double *w_cheb = malloc(sizeof(double) * T), *it_cheb = malloc(sizeof(double) * T);
    double *it_tinf = malloc(sizeof(double) * T), *xa = malloc(sizeof(double) * n);
    if (!u || !b || !xs || !it || !kap || !w_cheb || !it_cheb || !it_tinf || !xa) {
        fprintf(stderr, "heat_demo: out of memory\n");
        return 1;
    }
    kes_solver *plan[NARM], *plan_auto = NULL;
    if (kes_solver_create(kes_solver_pcg_eisenstat, hp.A, &plan_auto) != KES_OK) {
        fprintf(stderr, "heat_demo: solver set-up failed\n");
        return 1;
    }
    for (int j = 0; j < NARM; j++) {
        kes_status st = kes_solver_create(kes_solver_pcg_eisenstat, hp.A, &plan[j]);
        if (st == KES_OK) st = kes_solver_set_omega(plan[j], 1.0 + 0.05 * j);
        if (st != KES_OK) {
            fprintf(stderr, "heat_demo: solver set-up failed: %s\n", kes_strerror(st));
            return 1;
        }
    }

    /* The tuners: ChebCB (context kappa on [0, 10], m = 6) and Tsallis-INF. */
    kes_rng *rng;
    kes_rng_create(seed, &rng);
    kes_tuner_opts o = kes_tuner_opts_default();
    o.context_min = HEAT_KAPPA_MIN;
    o.context_max = HEAT_KAPPA_MAX;
    kes_tuner *cheb = NULL, *tinf = NULL;
    kes_status st = load ? kes_tuner_load(load, &cheb) : kes_tuner_create(KES_TUNER_CHEBCB, &o, rng, &cheb);
    if (st != KES_OK) {
        fprintf(stderr, "heat_demo: ChebCB %s: %s\n", load ? "load" : "create", kes_strerror(st));
        return 1;
    }
    if (kes_tuner_create(KES_TUNER_TSALLIS_INF, &o, rng, &tinf) != KES_OK) return 1;
    kes_tuner *autot = NULL;
    if (kes_tuner_create(KES_TUNER_AUTO, NULL, rng, &autot) != KES_OK) return 1;

    printf("Kestrel heat demo: n = %lld unknowns (nx = %d), %d Crank-Nicolson steps, SSOR-PCG (Eisenstat), "
           "tol 1e-8\n",
           (long long)n, nx, T);
    printf("omega learned online by ChebCB%s; all 20 grid omegas are solved every step for comparison.\n",
           load ? " (state loaded from file)" : "");
    fflush(stdout);

    heat_initial(&hp, u);
    kes_solve_opts so = kes_solve_opts_default();
    double tot_cheb = 0, tot_orc = 0, tot_tinf = 0, tot_auto = 0, t0 = now();
    int failed = 0;
    for (int s = 0; s < T && !failed; s++) {
        double kappa = heat_step_system(&hp, s, u, b), w, wt;
        kap[s] = kappa;
        /* The tuners choose before any solve of this step. */
        int64_t ac, at;
        if (kes_tuner_choose(cheb, kappa, &w) < 0 || kes_tuner_last_arm(cheb, &ac) != KES_OK ||
            kes_tuner_choose(tinf, kappa, &wt) < 0 || kes_tuner_last_arm(tinf, &at) != KES_OK) {
            failed = 1;
            break;
        }
#pragma omp parallel for schedule(dynamic, 1) reduction(| : failed)
        for (int j = 0; j < NARM; j++) {
            double *x = xs + (size_t)j * n;
            memcpy(x, u, sizeof(double) * n); /* warm start from the previous step */
            kes_solve_stats sst;
            kes_status rc = kes_solver_set_matrix(plan[j], hp.A);
            if (rc == KES_OK) rc = kes_solver_solve(plan[j], b, x, &so, &sst);
            if (rc < 0) failed |= 1;
            it[(size_t)s * NARM + j] = (double)sst.iterations;
        }
        if (failed) break;
        /* AUTO: the same system, the same warm start, its own omega. */
        double wa;
        kes_solve_stats ast;
        memcpy(xa, u, sizeof(double) * n);
        if (kes_tuner_set_system(autot, hp.A) != KES_OK || kes_tuner_choose(autot, kappa, &wa) < 0 ||
            kes_solver_set_matrix(plan_auto, hp.A) != KES_OK || kes_solver_set_omega(plan_auto, wa) != KES_OK ||
            kes_solver_solve(plan_auto, b, xa, &so, &ast) < 0 || kes_tuner_observe(autot, (double)ast.iterations))
            failed = 1;
        tot_auto += (double)ast.iterations;
        if (failed) break;
        double mn = INFINITY;
        for (int j = 0; j < NARM; j++) mn = fmin(mn, it[(size_t)s * NARM + j]);
        w_cheb[s] = w;
        it_cheb[s] = it[(size_t)s * NARM + ac];
        it_tinf[s] = it[(size_t)s * NARM + at];
        tot_cheb += it_cheb[s];
        tot_tinf += it_tinf[s];
        tot_orc += mn;
        if (kes_tuner_observe(cheb, it_cheb[s]) != KES_OK || kes_tuner_observe(tinf, it_tinf[s]) != KES_OK)
            failed = 1;
        memcpy(u, xs + (size_t)ac * n, sizeof(double) * n); /* the trajectory follows ChebCB */
        if (!quiet && (s % 10 == 0 || s == T - 1)) {
            fprintf(stderr,
                    "\rstep %5d/%d  t = %.3f  kappa = %6.3f  ChebCB omega = %.2f  iters %3.0f (oracle %3.0f)  "
                    "total %7.0f vs oracle %7.0f  [%.0f s]   ",
                    s + 1, T, (s + 1) * hp.dt, kappa, w, it_cheb[s], mn, tot_cheb, tot_orc, now() - t0);
            fflush(stderr);
        }
    }
    if (!quiet) fputc('\n', stderr);
    if (failed) {
        fprintf(stderr, "heat_demo: a solve or tuner call failed\n");
        return 1;
    }
    double tot[NARM] = {0};
    for (int s = 0; s < T; s++)
        for (int j = 0; j < NARM; j++) tot[j] += it[(size_t)s * NARM + j];
    int best = 0;
    for (int j = 1; j < NARM; j++)
        if (tot[j] < tot[best]) best = j;

    /* Wall clock: ChebCB's omega sequence replayed alone, against plain CG. */
    double wall_cheb = NAN, wall_cg = NAN, it_cg = 0, it_rep = 0;
    if (do_cg) {
        kes_solver *sc = NULL, *sp = NULL;
        if (kes_solver_create(kes_solver_cg, hp.A, &sc) != KES_OK ||
            kes_solver_create(kes_solver_pcg_eisenstat, hp.A, &sp) != KES_OK)
            return 1;
        for (int pass = 0; pass < 2; pass++) {
            heat_initial(&hp, u);
            double ta = now(), total = 0;
            for (int s = 0; s < T; s++) {
                heat_step_system(&hp, s, u, b);
                kes_solver *p = pass ? sc : sp;
                kes_solve_stats sst;
                kes_solver_set_matrix(p, hp.A);
                if (!pass) kes_solver_set_omega(p, w_cheb[s]);
                if (kes_solver_solve(p, b, u, &so, &sst) < 0) return 1;
                total += (double)sst.iterations;
                if (!quiet && s % 100 == 0) {
                    fprintf(stderr, "\rtiming %s: step %d/%d   ", pass ? "plain CG" : "ChebCB SSOR-PCG", s, T);
                    fflush(stderr);
                }
            }
            if (pass) wall_cg = now() - ta, it_cg = total;
            else wall_cheb = now() - ta, it_rep = total;
        }
        if (!quiet) fprintf(stderr, "\r%60s\r", "");
        kes_solver_destroy(sc);
        kes_solver_destroy(sp);
    }

    printf("\n%-34s %14s %10s %10s\n", "policy (same systems)", "PCG iterations", "vs omega=1", "vs oracle");
    const double w1 = tot[0];
    struct {
        const char *name;
        double v;
    } rows[] = {{"fixed omega = 1 (symmetric GS)", w1},
                {NULL, tot[best]},
                {"Tsallis-INF (no context)", tot_tinf},
                {"ChebCB (context kappa)", tot_cheb},
                {"AUTO (sees the matrix)", tot_auto},
                {"per-step oracle (20 omegas)", tot_orc}};
    char bestname[64];
    snprintf(bestname, sizeof bestname, "best fixed omega = %.2f (hindsight)", 1.0 + 0.05 * best);
    rows[1].name = bestname;
    for (int r = 0; r < 6; r++)
        printf("%-34s %14.0f %10.2f %10.2f\n", rows[r].name, rows[r].v, rows[r].v / w1, rows[r].v / tot_orc);
    /* Short runs (a few hundred steps) can leave ChebCB behind a fixed omega: say so plainly. */
    double vs1 = 100 * (1 - tot_cheb / w1), vsbest = 100 * (1 - tot_cheb / tot[best]);
    printf("ChebCB used %.0f%% %s iterations than omega = 1 and %.0f%% %s than the best fixed omega,\n"
           "and came within %.1f%% of the per-step oracle -- from iteration counts alone.\n",
           fabs(vs1), vs1 >= 0 ? "fewer" : "more", fabs(vsbest), vsbest >= 0 ? "fewer" : "more",
           100 * (tot_cheb / tot_orc - 1));
    if (do_cg)
        printf("\nwall clock, one thread, %d steps: plain CG %.2f s (%.0f iterations); SSOR-PCG with ChebCB's "
               "omegas (replayed) %.2f s (%.0f iterations): %.2fx\n",
               T, wall_cg, it_cg, wall_cheb, it_rep, wall_cheb / wall_cg);

    /* Data file and plot. */
    char dat[1024], gp[1024], png[1024];
    snprintf(dat, sizeof dat, "%s.dat", out);
    snprintf(gp, sizeof gp, "%s.gp", out);
    snprintf(png, sizeof png, "%s.png", out);
    FILE *f = fopen(dat, "w");
    if (f) {
        /* Columns 10-13: centred 25-step moving averages, for a readable plot of 5000 steps. */
        fprintf(f, "# step t kappa omega_chebcb iters_chebcb iters_oracle iters_omega1 iters_bestfixed iters_tsallis"
                   " avg25_chebcb avg25_oracle avg25_omega1 avg25_bestfixed\n");
        double *col[4] = {it_cheb, NULL, NULL, NULL};
        double *orc = malloc(sizeof(double) * T), *one = malloc(sizeof(double) * T), *bst = malloc(sizeof(double) * T);
        if (!orc || !one || !bst) return 1;
        for (int s = 0; s < T; s++) {
            double mn = INFINITY;
            for (int j = 0; j < NARM; j++) mn = fmin(mn, it[(size_t)s * NARM + j]);
            orc[s] = mn;
            one[s] = it[(size_t)s * NARM];
            bst[s] = it[(size_t)s * NARM + best];
        }
        col[1] = orc, col[2] = one, col[3] = bst;
        for (int s = 0; s < T; s++) {
            fprintf(f, "%d %.4f %.5f %.2f %.0f %.0f %.0f %.0f %.0f", s + 1, (s + 1) * hp.dt, kap[s], w_cheb[s],
                    it_cheb[s], orc[s], one[s], bst[s], it_tinf[s]);
            int lo = s - 12 < 0 ? 0 : s - 12, hi = s + 12 >= T ? T - 1 : s + 12;
            for (int c = 0; c < 4; c++) {
                double a = 0;
                for (int k = lo; k <= hi; k++) a += col[c][k];
                fprintf(f, " %.3f", a / (hi - lo + 1));
            }
            fputc('\n', f);
        }
        fclose(f);
        free(orc);
        free(one);
        free(bst);
        printf("\nper-step data: %s\n", dat);
    }
    f = fopen(gp, "w");
    if (f) {
        fprintf(f,
                "set terminal pngcairo size 1200,800 noenhanced\nset output '%s'\nset lmargin 10\nset rmargin 10\n"
                "set multiplot layout 2,1 title 'Kestrel: SSOR-PCG on the heat equation, n = %lld, omega learned "
                "online'\nset ylabel 'PCG iterations per step (25-step mean)'\nset y2label 'kappa(t)'\nset y2tics\n"
                "set key below horizontal\nset grid\n"
                "plot '%s' u 2:12 w l lc rgb '#999999' t 'omega = 1', '' u 2:13 w l lc rgb '#4477aa' t 'best fixed "
                "omega = %.2f', '' u 2:10 w l lw 1.5 lc rgb '#cc3311' t 'ChebCB', '' u 2:11 w l lc rgb '#228833' t "
                "'per-step oracle', '' u 2:3 axes x1y2 w l dt 2 lc rgb 'black' t 'kappa'\n"
                "unset y2label\nunset y2tics\nset xlabel 't'\nset ylabel 'omega'\n"
                "plot '%s' u 2:4 w p pt 7 ps 0.3 lc rgb '#cc3311' t 'omega chosen by ChebCB'\nunset multiplot\n",
                png, (long long)n, dat, 1.0 + 0.05 * best, dat);
        fclose(f);
        if (do_plot) {
            if (system("command -v gnuplot >/dev/null 2>&1") == 0) {
                char cmd[2200];
                snprintf(cmd, sizeof cmd, "gnuplot '%s'", gp);
                if (system(cmd) == 0) printf("plot: %s\n", png);
                else printf("gnuplot failed; the script is %s\n", gp);
            } else {
                printf("gnuplot not installed: no plot (script left in %s)\n", gp);
            }
        }
    }
    if (save) {
        st = kes_tuner_save(cheb, save);
        printf("ChebCB state %s %s\n", st == KES_OK ? "saved to" : "could not be saved to", save);
    }
    for (int j = 0; j < NARM; j++) kes_solver_destroy(plan[j]);
    kes_tuner_destroy(cheb);
    kes_tuner_destroy(tinf);
    kes_tuner_destroy(autot);
    kes_solver_destroy(plan_auto);
    kes_rng_destroy(rng);
    heat_free(&hp);
    free(u);
    free(b);
    free(xs);
    free(it);
    free(kap);
    free(w_cheb);
    free(it_cheb);
    free(it_tinf);
    free(xa);
    return 0;
}
