// The check-in page's camera scan: where the browser has BarcodeDetector, a button opens the camera and a
// QR code read fills the code field and submits the form. Typing the code always works without it.
(function () {
  "use strict";
  var form = document.getElementById("check-in-form");
  var button = document.getElementById("scan-button");
  var video = document.getElementById("scan-video");
  var status = document.getElementById("scan-status");
  if (!form || !button || !video) {
    return;
  }
  var input = form.querySelector("input[name='code']");
  if (!("BarcodeDetector" in window) || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    return;
  }
  button.hidden = false;

  // A scanned registration QR holds the check-in URL with ?code=…; a bare code is taken as it is.
  function codeFrom(text) {
    try {
      var code = new URL(text).searchParams.get("code");
      if (code) {
        return code;
      }
    } catch (error) {
      // Not a URL: the code itself.
    }
    return text;
  }

  function stop(stream) {
    stream.getTracks().forEach(function (track) { track.stop(); });
    video.hidden = true;
  }

  button.addEventListener("click", function () {
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
      video.srcObject = stream;
      video.hidden = false;
      video.play();
      function look() {
        detector.detect(video).then(function (codes) {
          if (codes.length) {
            stop(stream);
            input.value = codeFrom(codes[0].rawValue);
            form.submit();
          } else {
            window.requestAnimationFrame(look);
          }
        }).catch(function () { window.requestAnimationFrame(look); });
      }
      look();
    }).catch(function () {
      status.textContent = button.dataset.unsupported;
    });
  });
})();
