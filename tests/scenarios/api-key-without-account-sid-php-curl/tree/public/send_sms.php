<?php
// Contact form: text the on-call phone.
$keySid = getenv('TWILIO_API_KEY');
$secret = getenv('TWILIO_API_SECRET');

$ch = curl_init();
$url = "https://api.twilio.com/2010-04-01/Accounts/$keySid/Messages.json";
curl_setopt($ch, CURLOPT_URL, $url);
curl_setopt($ch, CURLOPT_USERPWD, "$keySid:$secret");
curl_setopt($ch, CURLOPT_POSTFIELDS, http_build_query(['To' => $_POST['to'], 'Body' => $_POST['body']]));
curl_setopt($ch, CURLOPT_RETURNTRANSFER, true);
$response = curl_exec($ch);
