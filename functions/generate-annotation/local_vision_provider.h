// The `local` provider (the default, fully offline): the JPEG decoded by
// media/ (upright, at most 2048 px) and annotated by annotate/local
// (OpenCV cascades, Tesseract, image properties; docs/design/annotate-local.md).
// Needs no configuration; Create fails when Debian's cascade or Tesseract
// data is missing, naming the package.

#pragma once

#include <memory>

#include "annotate/local/local_provider.h"
#include "generate-annotation/provider.h"

namespace gloss::generate_annotation {

class LocalVisionProvider : public Provider {
 public:
  static Result<std::unique_ptr<LocalVisionProvider>> Create();

  std::string_view name() const override { return "local"; }
  std::string model() const override { return std::string(detectors_->model()); }
  Result<annotate::Annotation> Annotate(const ProviderRequest& request) override;

 private:
  explicit LocalVisionProvider(std::unique_ptr<annotate::local::LocalProvider> detectors);

  std::unique_ptr<annotate::local::LocalProvider> detectors_;
};

}  // namespace gloss::generate_annotation
