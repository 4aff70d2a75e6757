/* The process-wide lock around FFTW's planner.
 *
 * FFTW's planner (every fftw_plan_* call and fftw_destroy_plan) is not
 * thread-safe (FFTW 3.3 manual, section 5.4 "Thread safety"); only
 * fftw_execute and the new-array execute functions are.  Every layer that
 * plans FFTW transforms takes this lock around planning and destroying, so
 * Kestrel objects may be created and destroyed from any thread.  The lock
 * holds no data: it is the only process-wide object of the library. */
#ifndef KES_FFTW_LOCK_H
#define KES_FFTW_LOCK_H

void kes__fftw_lock(void);
void kes__fftw_unlock(void);

#endif
