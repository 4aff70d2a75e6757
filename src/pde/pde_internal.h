/* Private helpers of the PDE layer: a planned real FFT pair on a periodic
 * grid, shared by the Fourier solvers (pde_fourier.c) and the time
 * steppers, and the real or complex field of the time steppers
 * (pde_etdrk4.c, pde_imexrk.c). */
#ifndef KES_PDE_INTERNAL_H
#define KES_PDE_INTERNAL_H

#include <fftw3.h>
#include <stdint.h>

#include "kestrel/pde.h"

/* A real grid of N = n[0] ... n[dim-1] points (first index fastest) and its
 * half spectrum of (n[0]/2 + 1) n[1] ... n[dim-1] modes (first index
 * fastest), with an out-of-place r2c plan r -> c and c2r plan c -> r on
 * owned 16-byte aligned buffers. */
typedef struct kes__fgrid {
    int dim;
    int64_t n[3];
    double len[3];
    int64_t nreal, nspec;
    double *r;
    fftw_complex *c;
    fftw_plan fwd, bwd;
} kes__fgrid;

/* Check the sizes and lengths (length may be NULL: not checked, set to 1)
 * without allocating.  Returns the status the create functions document. */
kes_status kes__fgrid_check(int dim, const int64_t *n, const double *length);
/* Allocate the buffers and plan under the FFTW lock.  On error everything is
 * released and g is zeroed. */
kes_status kes__fgrid_init(kes__fgrid *g, int dim, const int64_t *n, const double *length, kes_fft_effort effort);
/* As kes__fgrid_init with FFTW's threads (nthreads >= 1; 1 is the plain
 * planner). */
kes_status kes__fgrid_init_threads(kes__fgrid *g, int dim, const int64_t *n, const double *length,
                                   kes_fft_effort effort, int nthreads);
void kes__fgrid_free(kes__fgrid *g);
/* A periodic 1-D field for the time steppers (pde_etdrk4.c, pde_imexrk.c):
 * real (r2c/c2r, m = n/2 + 1 modes) or complex (c2c, m = n modes, u
 * interleaved re, im), with the transforms between the physical field and
 * the normalised spectrum v = fft(u) / n, and the buffer w for g(u).
 * Spectra handed to these functions must be fftw_alloc'd (new-array
 * execute). */
typedef struct kes__field {
    int cfield;            /* 0: real, 1: complex */
    int64_t n, m;          /* points, modes */
    kes__fgrid g;          /* real field: the planned pair */
    fftw_plan cfwd, cbwd;  /* complex field: phys -> spec, spec -> phys */
    fftw_complex *phys, *spec; /* complex field: planned buffers (n each) */
    double *w;             /* g(u): n doubles (real) or 2 n (complex) */
} kes__field;

/* Check the arguments of a stepper's create: NULL L or out (KES_EINVAL),
 * n < 2 (KES_EDIM), n too large (KES_ERANGE), h not finite and > 0
 * (KES_EDOM), 2 m values of L or G (G may be NULL) not finite (KES_ENAN). */
kes_status kes__field_check(int64_t n, int64_t m, const double *L, const double *G, double h, const void *out);
/* Allocate and plan (FFTW_ESTIMATE, under the FFTW lock).  On error the
 * caller calls kes__field_free. */
kes_status kes__field_init(kes__field *f, int64_t n, int cfield);
void kes__field_free(kes__field *f);
/* v (m values) = fft(u) / n; KES_ENAN (u not finite, v untouched). */
kes_status kes__field_forward(kes__field *f, const double *u, fftw_complex *v);
/* u = ifft(v) * n (unnormalised inverse); v is left intact. */
void kes__field_inverse(kes__field *f, const fftw_complex *v, double *u);
/* Nx = fft(g(ifft(x))) unnormalised; any status of g is returned. */
kes_status kes__field_nonlin(kes__field *f, kes_etdrk4_fn g, void *ctx, const fftw_complex *x, fftw_complex *Nx);
/* One time step of a stepper plan on its spectrum v (updated in place):
 * KES_OK, or a status (g's, or KES_EDIVERGE) that leaves v at the last
 * good state. */
typedef kes_status (*kes__field_stepfn)(void *plan, kes_etdrk4_fn g, void *ctx);
/* The step driver shared by ETDRK4 and IMEX: checks g, u and nsteps,
 * v = fft(u) / n, then up to nsteps calls of step, stopping at the first
 * error; u = ifft(v) when a step completed (else u is left as it came, bit
 * for bit); *done (if not NULL) = steps completed, 0 on an argument error. */
kes_status kes__field_run(kes__field *f, fftw_complex *v, kes__field_stepfn step, void *plan, kes_etdrk4_fn g,
                          void *ctx, double *u, int64_t nsteps, int64_t *done);

/* Signed wavenumber index of position j on an axis of n points. */
static inline int64_t kes__fgrid_wavenum(int64_t j, int64_t n) { return (2 * j <= n) ? j : j - n; }

/* GP collocation (pde_gpcol.c), for the tests: the objective P of
 * kes_gpcol_solve's optional refinement, -log N(U | 0, K) + const at the
 * collocated U, and its gradient (grad may be NULL) at the hyperparameters
 * theta (per axis: log w[Q], w / w_nyquist [Q], log l[Q]), with the given
 * relative jitter.  Same arguments as kes_gpcol_solve otherwise. */
kes_status kes__gpcol_objective(kes_gpcol_op op, int dim, const int64_t *n, const double *lo, const double *hi,
                                kes_field_fn f, kes_field_fn g, void *ctx, const kes_gpcol_opts *o,
                                const double *theta, double jitter, double *P, double *grad);

#endif
