exports.handler = function (context, event, callback) {
  const twiml = new Twilio.twiml.VoiceResponse();
  const gather = twiml.gather({ numDigits: 1, action: '/route' });
  gather.say({ language: context.MENU_LANGUAGE }, 'Press 1 for sales, 2 for support.');
  return callback(null, twiml);
};
