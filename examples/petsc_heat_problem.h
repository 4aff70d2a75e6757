/*
 * The heat problem of examples/heat_problem.h on a PETSc DMDA grid
 * distributed over the ranks (shared by examples/petsc_heat.c and
 * tests/test_petsc.c):
 *
 *   u_t = kappa(t) Laplace(u) + f(t, x) on [0, 1]^2, u = 0 on the boundary,
 *   m interior points per side (m = nx - 1 of heat_problem.h), dx = 1/(m+1),
 *   Crank-Nicolson with t_h = t + dt/2:
 *   A = I - a Lh,  b = u + a Lh u + dt f(t_h),  a = kappa(t_h) dt / (2 dx^2),
 *
 * with Lh the 5-point stencil (-4 on the diagonal, 1 for each interior
 * neighbour).  A's values are bit for bit those of heat_step_system; b
 * differs from it only in the rounding of the stencil sum (PETSc sums the
 * row in column order).  The global ordering is PETSc's (each rank's block
 * of the grid in turn); DMDAGlobalToNatural gives heat_problem.h's
 * row-major order.
 *
 * With dim = 3 the same on [0, 1]^3 (m^3 unknowns, the 7-point stencil,
 * -6 on the diagonal): u_0 = bump(x; (0.5, 0.5, 0.5), 0.25) and the source
 * circles in the plane z = 0.5 as in 2-D.  The 3-D problem has no serial
 * twin in heat_problem.h.
 *
 * Header-only (static functions); every call returns a PetscErrorCode.
 */
#ifndef KES_EXAMPLES_PETSC_HEAT_PROBLEM_H
#define KES_EXAMPLES_PETSC_HEAT_PROBLEM_H

#include <petscdmda.h>
#include <petscksp.h>

#include "heat_problem.h"

typedef struct pheat {
    DM da;
    Mat L;     /* the 5-point stencil Lh (unscaled), assembled once */
    Mat A;     /* the Crank-Nicolson matrix of the current step */
    Vec u;     /* the state: initial guess of each solve and its answer */
    Vec b, f;  /* right-hand side, source term */
    PetscInt m;
    int dim; /* 2 or 3 */
    double dx, dt;
} pheat;

static double pheat_bump3(double x, double y, double z, double cx, double cy, double cz, double r)
{
    double q = ((x - cx) * (x - cx) + (y - cy) * (y - cy) + (z - cz) * (z - cz)) / (r * r);
    if (q >= 1.0) return 0.0;
    return exp(1.0 - 1.0 / (1.0 - q));
}

/* The 3-D parts of pheat_create: the 7-point stencil and u_0. */
static PetscErrorCode pheat_create3(pheat *h)
{
    PetscInt xs, ys, zs, xm, ym, zm, m = h->m;
    PetscCall(DMDAGetCorners(h->da, &xs, &ys, &zs, &xm, &ym, &zm));
    for (PetscInt k = zs; k < zs + zm; k++)
        for (PetscInt j = ys; j < ys + ym; j++)
            for (PetscInt i = xs; i < xs + xm; i++) {
                MatStencil row = {.i = i, .j = j, .k = k}, col[7];
                PetscScalar v[7];
                int c = 0;
                if (k > 0) col[c] = (MatStencil){.i = i, .j = j, .k = k - 1}, v[c++] = 1.0;
                if (j > 0) col[c] = (MatStencil){.i = i, .j = j - 1, .k = k}, v[c++] = 1.0;
                if (i > 0) col[c] = (MatStencil){.i = i - 1, .j = j, .k = k}, v[c++] = 1.0;
                col[c] = row, v[c++] = -6.0;
                if (i < m - 1) col[c] = (MatStencil){.i = i + 1, .j = j, .k = k}, v[c++] = 1.0;
                if (j < m - 1) col[c] = (MatStencil){.i = i, .j = j + 1, .k = k}, v[c++] = 1.0;
                if (k < m - 1) col[c] = (MatStencil){.i = i, .j = j, .k = k + 1}, v[c++] = 1.0;
                PetscCall(MatSetValuesStencil(h->L, 1, &row, c, col, v, INSERT_VALUES));
            }
    return 0;
}

static PetscErrorCode pheat_fill3(pheat *h, Vec v, double cx, double cy, double cz, double r, double scale)
{
    PetscInt xs, ys, zs, xm, ym, zm;
    PetscScalar ***a;
    PetscCall(DMDAGetCorners(h->da, &xs, &ys, &zs, &xm, &ym, &zm));
    PetscCall(DMDAVecGetArray(h->da, v, &a));
    for (PetscInt k = zs; k < zs + zm; k++)
        for (PetscInt j = ys; j < ys + ym; j++)
            for (PetscInt i = xs; i < xs + xm; i++)
                a[k][j][i] = scale * pheat_bump3((i + 1) * h->dx, (j + 1) * h->dx, (k + 1) * h->dx, cx, cy, cz, r);
    PetscCall(DMDAVecRestoreArray(h->da, v, &a));
    return 0;
}

static PetscErrorCode pheat_create_dim(MPI_Comm comm, int dim, PetscInt m, double dt, pheat *h)
{
    PetscInt xs, ys, xm, ym;
    h->m = m;
    h->dim = dim;
    h->dx = 1.0 / (double)(m + 1);
    h->dt = dt;
    if (dim == 3)
        PetscCall(DMDACreate3d(comm, DM_BOUNDARY_NONE, DM_BOUNDARY_NONE, DM_BOUNDARY_NONE, DMDA_STENCIL_STAR, m, m, m,
                               PETSC_DECIDE, PETSC_DECIDE, PETSC_DECIDE, 1, 1, NULL, NULL, NULL, &h->da));
    else
        PetscCall(DMDACreate2d(comm, DM_BOUNDARY_NONE, DM_BOUNDARY_NONE, DMDA_STENCIL_STAR, m, m, PETSC_DECIDE,
                               PETSC_DECIDE, 1, 1, NULL, NULL, &h->da));
    PetscCall(DMSetUp(h->da));
    PetscCall(DMCreateMatrix(h->da, &h->L));
    /* SeqAIJ SOR with inodes supports only omega = 1. */
    PetscCall(MatSetOption(h->L, MAT_USE_INODES, PETSC_FALSE));
    if (dim == 3) {
        PetscCall(pheat_create3(h));
        PetscCall(MatAssemblyBegin(h->L, MAT_FINAL_ASSEMBLY));
        PetscCall(MatAssemblyEnd(h->L, MAT_FINAL_ASSEMBLY));
        PetscCall(MatDuplicate(h->L, MAT_COPY_VALUES, &h->A));
        PetscCall(MatSetOption(h->A, MAT_USE_INODES, PETSC_FALSE));
        PetscCall(DMCreateGlobalVector(h->da, &h->u));
        PetscCall(VecDuplicate(h->u, &h->b));
        PetscCall(VecDuplicate(h->u, &h->f));
        return pheat_fill3(h, h->u, 0.5, 0.5, 0.5, 0.25, 1.0);
    }
    PetscCall(DMDAGetCorners(h->da, &xs, &ys, NULL, &xm, &ym, NULL));
    for (PetscInt j = ys; j < ys + ym; j++)
        for (PetscInt i = xs; i < xs + xm; i++) {
            MatStencil row = {.i = i, .j = j}, col[5];
            PetscScalar v[5];
            int k = 0;
            if (j > 0) col[k] = (MatStencil){.i = i, .j = j - 1}, v[k++] = 1.0;
            if (i > 0) col[k] = (MatStencil){.i = i - 1, .j = j}, v[k++] = 1.0;
            col[k] = row, v[k++] = -4.0;
            if (i < m - 1) col[k] = (MatStencil){.i = i + 1, .j = j}, v[k++] = 1.0;
            if (j < m - 1) col[k] = (MatStencil){.i = i, .j = j + 1}, v[k++] = 1.0;
            PetscCall(MatSetValuesStencil(h->L, 1, &row, k, col, v, INSERT_VALUES));
        }
    PetscCall(MatAssemblyBegin(h->L, MAT_FINAL_ASSEMBLY));
    PetscCall(MatAssemblyEnd(h->L, MAT_FINAL_ASSEMBLY));
    PetscCall(MatDuplicate(h->L, MAT_COPY_VALUES, &h->A));
    PetscCall(MatSetOption(h->A, MAT_USE_INODES, PETSC_FALSE));
    PetscCall(DMCreateGlobalVector(h->da, &h->u));
    PetscCall(VecDuplicate(h->u, &h->b));
    PetscCall(VecDuplicate(h->u, &h->f));
    /* u_0 = bump(x; (0.5, 0.5), 0.25) */
    PetscScalar **ua;
    PetscCall(DMDAVecGetArray(h->da, h->u, &ua));
    for (PetscInt j = ys; j < ys + ym; j++)
        for (PetscInt i = xs; i < xs + xm; i++) ua[j][i] = heat_bump((i + 1) * h->dx, (j + 1) * h->dx, 0.5, 0.5, 0.25);
    PetscCall(DMDAVecRestoreArray(h->da, h->u, &ua));
    return 0;
}

static PetscErrorCode pheat_create(MPI_Comm comm, PetscInt m, double dt, pheat *h)
{
    return pheat_create_dim(comm, 2, m, dt, h);
}

static PetscErrorCode pheat_destroy(pheat *h)
{
    PetscCall(VecDestroy(&h->f));
    PetscCall(VecDestroy(&h->b));
    PetscCall(VecDestroy(&h->u));
    PetscCall(MatDestroy(&h->A));
    PetscCall(MatDestroy(&h->L));
    PetscCall(DMDestroy(&h->da));
    return 0;
}

/* Step `step` (0-based, t = step dt): set A and b; *context = kappa(t), the
 * tuner's context as in heat_demo. */
static PetscErrorCode pheat_step(pheat *h, int step, double *context)
{
    const double t = step * h->dt, th = t + 0.5 * h->dt;
    const double a = 0.5 * heat_kappa(th) * h->dt / (h->dx * h->dx);
    PetscCall(MatCopy(h->L, h->A, SAME_NONZERO_PATTERN));
    PetscCall(MatScale(h->A, -a));
    PetscCall(MatShift(h->A, 1.0));
    const double cx = 0.5 + cos(16.0 * M_PI * th) / 4.0, cy = 0.5 + sin(16.0 * M_PI * th) / 4.0;
    if (h->dim == 3) {
        PetscCall(pheat_fill3(h, h->f, cx, cy, 0.5, 0.125, 32.0));
    } else {
        PetscInt xs, ys, xm, ym;
        PetscScalar **fa;
        PetscCall(DMDAGetCorners(h->da, &xs, &ys, NULL, &xm, &ym, NULL));
        PetscCall(DMDAVecGetArray(h->da, h->f, &fa));
        for (PetscInt j = ys; j < ys + ym; j++)
            for (PetscInt i = xs; i < xs + xm; i++)
                fa[j][i] = 32.0 * heat_bump((i + 1) * h->dx, (j + 1) * h->dx, cx, cy, 0.125);
        PetscCall(DMDAVecRestoreArray(h->da, h->f, &fa));
    }
    PetscCall(MatMult(h->L, h->u, h->b));  /* b = Lh u */
    PetscCall(VecAYPX(h->b, a, h->u));     /* b = u + a Lh u */
    PetscCall(VecAXPY(h->b, h->dt, h->f)); /* b += dt f */
    *context = heat_kappa(t);
    return 0;
}

/* CG with the preconditioner pc_type (PCEISENSTAT or PCSOR, symmetric
 * sweep), stopping as Kestrel's SSOR-PCG: ||b - A x|| <= rtol ||b||
 * (unpreconditioned norm; PETSc's default test divides by ||b|| when the
 * initial guess is nonzero), warm start from u. */
static PetscErrorCode pheat_ksp(pheat *h, PCType pc_type, double rtol, PetscInt maxit, KSP *ksp)
{
    PC pc;
    PetscCall(KSPCreate(PetscObjectComm((PetscObject)h->da), ksp));
    PetscCall(KSPSetOperators(*ksp, h->A, h->A));
    PetscCall(KSPSetType(*ksp, KSPCG));
    PetscCall(KSPGetPC(*ksp, &pc));
    PetscCall(PCSetType(pc, pc_type));
    if (!strcmp(pc_type, PCSOR)) PetscCall(PCSORSetSymmetric(pc, SOR_LOCAL_SYMMETRIC_SWEEP));
    PetscCall(KSPSetNormType(*ksp, KSP_NORM_UNPRECONDITIONED));
    PetscCall(KSPSetTolerances(*ksp, rtol, 1e-300, 1e10, maxit));
    PetscCall(KSPSetInitialGuessNonzero(*ksp, PETSC_TRUE));
    return 0;
}

#endif
