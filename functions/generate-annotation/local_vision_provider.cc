#include "generate-annotation/local_vision_provider.h"

#include <utility>

#include "media/decoded_image.h"
#include "media/media_runtime.h"

namespace gloss::generate_annotation {
namespace {

// The size the detectors look at: the compressed copy's own (≤ 2048 px).
constexpr int kMaxEdge = 2048;

}  // namespace

Result<std::unique_ptr<LocalVisionProvider>> LocalVisionProvider::Create() {
  RETURN_IF_ERROR(media::InitMedia());
  ASSIGN_OR_RETURN(std::unique_ptr<annotate::local::LocalProvider> detectors,
                   annotate::local::LocalProvider::Create({}));
  return std::unique_ptr<LocalVisionProvider>(new LocalVisionProvider(std::move(detectors)));
}

LocalVisionProvider::LocalVisionProvider(std::unique_ptr<annotate::local::LocalProvider> detectors)
    : detectors_(std::move(detectors)) {}

Result<annotate::Annotation> LocalVisionProvider::Annotate(const ProviderRequest& request) {
  ASSIGN_OR_RETURN(const media::DecodedImage decoded, media::DecodePixels(request.jpeg, kMaxEdge));
  return detectors_->Annotate(annotate::local::RgbImage{.width = decoded.width,
                                                        .height = decoded.height,
                                                        .channels = decoded.channels,
                                                        .pixels = decoded.pixels});
}

}  // namespace gloss::generate_annotation
