// The tcoc executable: runs the driver on a thread with a large stack, so that deeply
// nested input meets a diagnostic rather than a stack overflow.
#include <pthread.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <vector>

#include "compiler/driver/cli.h"

namespace {

struct Job {
  std::vector<std::string> args;
  std::string out, err;
  int code = 0;
  bool color = false;
};

void* run_job(void* p) {
  auto* job = static_cast<Job*>(p);
  try {
    job->code = tco::driver::tcoc_main(job->args, job->out, job->err, job->color);
  } catch (const std::exception& e) {
    job->err += std::string("internal error: ") + e.what() + "\nplease report this with the plan that caused it\n";
    job->code = 3;
  } catch (...) {
    job->err += "internal error\nplease report this with the plan that caused it\n";
    job->code = 3;
  }
  return nullptr;
}

}  // namespace

int main(int argc, char** argv) {
  Job job;
  job.args.assign(argv + 1, argv + argc);
  job.color = isatty(STDERR_FILENO) && !std::getenv("NO_COLOR");
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, size_t(512) << 20);
  pthread_t thread;
  if (pthread_create(&thread, &attr, run_job, &job) != 0)
    run_job(&job);
  else
    pthread_join(thread, nullptr);
  std::fwrite(job.out.data(), 1, job.out.size(), stdout);
  std::fflush(stdout);
  std::fwrite(job.err.data(), 1, job.err.size(), stderr);
  return job.code;
}
